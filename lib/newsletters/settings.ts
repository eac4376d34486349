import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError } from "@/lib/errors";
import { SETTINGS_DEFAULTS } from "@/lib/settings/site";

// The site settings that only email uses: the postal address at the foot of every newsletter, and
// whether emails carry an open-counting image (off unless an admin turns it on).

export type MailSettings = { siteName: string; mailingAddress: string; countOpens: boolean };

export async function readMailSettings(): Promise<MailSettings> {
  const row = await db().siteSettings.findUnique({ where: { id: 1 }, select: { siteName: true, mailingAddress: true, countOpens: true } });
  return row ?? { siteName: SETTINGS_DEFAULTS.siteName, mailingAddress: "", countOpens: false };
}

export async function updateMailSettings(actor: Actor, values: { mailingAddress: string; countOpens: boolean }): Promise<void> {
  if (!can(actor, "settings.manage") || !can(actor, "newsletter.manage")) throw new ForbiddenError("Only admins can change the newsletter settings.");
  await db().$transaction(async (tx) => {
    const before = await tx.siteSettings.findUnique({ where: { id: 1 }, select: { mailingAddress: true, countOpens: true } });
    await tx.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, ...values }, update: values });
    await recordAudit(tx, { actor, action: "settings.update", entityType: "settings", entityId: "1", data: { from: before ?? {}, to: values } });
  });
}
