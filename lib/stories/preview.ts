import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { canEditStory } from "@/lib/stories/mutations";

// Shareable preview links for unpublished stories: a signed, expiring token, so that someone without
// an account can read a draft. Stateless: the token names the story and its expiry, and a signature
// keyed with the server's secret (and this purpose) makes it unforgeable.

export const PREVIEW_LIFETIME_HOURS = 48;
const PURPOSE = "newsroom.preview.v1";

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(`${PURPOSE}:${payload}`).digest("base64url");

export function signPreviewToken(storyId: string, expiresAt: Date, secret = env().NEXTAUTH_SECRET): string {
  const payload = `${storyId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${Buffer.from(payload).toString("base64url")}.${sign(payload, secret)}`;
}

export type PreviewCheck = { ok: true; storyId: string; expiresAt: Date } | { ok: false; reason: "invalid" | "expired" };

export function verifyPreviewToken(token: string, now = new Date(), secret = env().NEXTAUTH_SECRET): PreviewCheck {
  const [encoded, signature, extra] = token.split(".");
  if (!encoded || !signature || extra !== undefined || token.length > 300) return { ok: false, reason: "invalid" };
  const payload = Buffer.from(encoded, "base64url").toString("utf8");
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  const match = /^([0-9a-f-]{36})\.(\d{1,12})$/.exec(payload);
  if (!match) return { ok: false, reason: "invalid" };
  const expiresAt = new Date(Number(match[2]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, storyId: match[1], expiresAt };
}

/** A preview link for a story the actor may edit, valid for PREVIEW_LIFETIME_HOURS. */
export async function createPreviewLink(actor: Actor, storyId: string, now = new Date()): Promise<{ path: string; expiresAt: string }> {
  const story = await db().story.findUnique({ where: { id: storyId }, select: { id: true, createdById: true, status: true } });
  if (!story) throw new NotFoundError("This story no longer exists.");
  if (!canEditStory(actor, story)) throw new ForbiddenError("You can share previews only of stories you can edit.");
  const expiresAt = new Date(now.getTime() + PREVIEW_LIFETIME_HOURS * 3600_000);
  await recordAudit(db(), { actor, action: "story.preview_link", entityType: "story", entityId: storyId, data: { expiresAt: expiresAt.toISOString() } });
  return { path: `/preview/${signPreviewToken(storyId, expiresAt)}`, expiresAt: expiresAt.toISOString() };
}
