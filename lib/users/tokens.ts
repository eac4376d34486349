import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Db, type Tx } from "@/lib/db";
import type { AccountTokenPurpose } from "@/lib/generated/prisma/enums";

// One-time links for invitations and password resets. The link carries 32 random bytes; the database
// keeps only their SHA-256, so a copy of the database (a backup, a leak) opens no account. A link is
// refused once used, once a newer one replaced it, and after it expires.

export const TOKEN_LIFETIME_HOURS: Record<AccountTokenPurpose, number> = { INVITE: 7 * 24, PASSWORD_RESET: 24 };

export const tokenPath = (purpose: AccountTokenPurpose, token: string) => `/${purpose === "INVITE" ? "invite" : "reset"}/${token}`;

export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type TokenState = "valid" | "unknown" | "used" | "expired" | "replaced";

export type LoadedToken = {
  id: string;
  purpose: AccountTokenPurpose;
  email: string;
  role: "ADMIN" | "EDITOR" | "REPORTER" | null;
  userId: string | null;
  expiresAt: Date;
  createdById: string | null;
};

/** What a link stands for, and whether it can still be used. An altered link is simply unknown. */
export async function inspectToken(
  purpose: AccountTokenPurpose,
  token: string,
  client: Db | Tx = db(),
): Promise<{ state: TokenState; token: LoadedToken | null }> {
  // base64url of 32 bytes is 43 characters; anything else cannot be one of ours.
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { state: "unknown", token: null };
  const row = await client.accountToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, purpose: true, email: true, role: true, userId: true, expiresAt: true, usedAt: true, revokedAt: true, createdById: true },
  });
  if (!row || row.purpose !== purpose) return { state: "unknown", token: null };
  const loaded: LoadedToken = {
    id: row.id,
    purpose: row.purpose,
    email: row.email,
    role: row.role,
    userId: row.userId,
    expiresAt: row.expiresAt,
    createdById: row.createdById,
  };
  if (row.usedAt) return { state: "used", token: loaded };
  if (row.revokedAt) return { state: "replaced", token: loaded };
  if (row.expiresAt.getTime() <= Date.now()) return { state: "expired", token: loaded };
  return { state: "valid", token: loaded };
}

/** Marks a link used, once: false when another request used it first. */
export async function markTokenUsed(tx: Tx, tokenId: string): Promise<boolean> {
  const { count } = await tx.accountToken.updateMany({ where: { id: tokenId, usedAt: null, revokedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

/** What the person who opened a dead link is told, and what to do. */
export function tokenStateMessage(purpose: AccountTokenPurpose, state: Exclude<TokenState, "valid">): { title: string; body: string } {
  const what = purpose === "INVITE" ? "invitation" : "password reset link";
  const ask = purpose === "INVITE" ? "Ask the admin who invited you to send a new invitation." : "Ask an admin to make you a new password reset link.";
  switch (state) {
    case "used":
      return {
        title: `This ${what} has already been used`,
        body: `Each link works once. ${purpose === "INVITE" ? "If you set up your account with it, sign in with your email and password." : "If you set your password with it, sign in with the new password."} Otherwise: ${ask}`,
      };
    case "expired":
      return { title: `This ${what} has expired`, body: `Links stop working after ${purpose === "INVITE" ? "7 days" : "24 hours"}. ${ask}` };
    case "replaced":
      return { title: `This ${what} is no longer valid`, body: `A newer link replaced it, or it was withdrawn. Use the newest link you were sent, or: ${ask}` };
    case "unknown":
      return {
        title: `This ${what} is not valid`,
        body: `The link may be incomplete or mistyped: copy the whole link into the address bar. If that does not work: ${ask}`,
      };
  }
}
