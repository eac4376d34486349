import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/**
 * Checks an email and password. Returns the user for the session, or null for every kind of failure
 * (unknown email, wrong password, deactivated account) alike, so nothing hints whether an email exists.
 */
export async function authorizeCredentials(raw: unknown, ip: string | null = null) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, role: true, active: true, sessionVersion: true, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !ok || !user.active) {
    await recordAudit(db(), {
      actorId: user?.id ?? null,
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      data: { email },
      ip,
    });
    return null; // one message for every failure: no hint whether the email exists
  }
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, ip, action: "auth.sign_in", entityType: "user", entityId: user.id });
  });
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}
