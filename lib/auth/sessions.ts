import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";

/** How long a session lasts from sign-in, at most, however often its cookie is refreshed. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** What a session cookie claims (lib/auth/options.ts puts it there at sign-in). */
export type SessionClaim = { userId?: string; sessionVersion?: number; sessionId?: string; signedInAt?: number };

/**
 * Signs one session out on the server, so that its cookie, and every copy of it, opens nothing from
 * now on: only this session ends, the person's other devices stay signed in. A cookie from before
 * sessions had ids cannot be told apart from the person's others, so it ends them all (the session
 * version moves on).
 */
export async function endSession(claim: SessionClaim, ip: string | null): Promise<void> {
  const { userId, sessionId, sessionVersion, signedInAt } = claim;
  if (!userId) return;
  await db().$transaction(async (tx) => {
    if (sessionId) {
      const expiresAt = new Date((signedInAt ?? Date.now()) + SESSION_MAX_AGE_SECONDS * 1000);
      await tx.endedSession.upsert({ where: { id: sessionId }, create: { id: sessionId, userId, expiresAt }, update: {} });
      // Rows of sessions that would have ended by now anyway keep nothing out.
      await tx.endedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    } else {
      await tx.user.updateMany({ where: { id: userId, sessionVersion }, data: { sessionVersion: { increment: 1 } } });
    }
    await recordAudit(tx, {
      actorId: userId,
      action: "auth.sign_out",
      entityType: "user",
      entityId: userId,
      data: { scope: sessionId ? "this_session" : "all_sessions" },
      ip,
    });
  });
}

/** Whether a session is still open: not signed out, and not older than the longest a session lasts. */
export async function sessionIsOpen(claim: SessionClaim, now = Date.now()): Promise<boolean> {
  if (claim.signedInAt !== undefined && now - claim.signedInAt > SESSION_MAX_AGE_SECONDS * 1000) return false;
  if (!claim.sessionId) return true;
  return !(await db().endedSession.findUnique({ where: { id: claim.sessionId }, select: { id: true } }));
}
