import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import type { Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { sessionIsOpen, type SessionClaim } from "@/lib/auth/sessions";

/** Where someone whose role requires two-factor sign-in, and who has not set it up, is sent. */
export const TWO_FACTOR_SETUP_PATH = "/desk/profile?setup=two-factor";

export const TWO_FACTOR_SETUP_MESSAGE = "Your role requires two-factor sign-in. Set it up on your profile page before doing anything else in the newsroom.";

/**
 * Who this session stands for, if the user is still active and the session still current, and
 * whether they must set up two-factor sign-in before anything else (their role requires it and they
 * have none). The session token is only a claim: the user is re-read from the database, so
 * deactivation, a role change or a password change ends the session at its next request, and so
 * does signing out (for that session alone).
 */
export async function resolveSession(session: SessionClaim | null): Promise<{ actor: Actor; mustSetUpTwoFactor: boolean } | null> {
  if (!session?.userId) return null;
  const [user, policies, open] = await Promise.all([
    db().user.findUnique({
      where: { id: session.userId },
      select: { id: true, name: true, email: true, role: true, active: true, sessionVersion: true, totpEnabledAt: true },
    }),
    db().rolePolicy.findMany({ where: { requireTwoFactor: true }, select: { role: true } }),
    sessionIsOpen(session),
  ]);
  if (!user || !user.active || user.sessionVersion !== session.sessionVersion || !open) return null;
  const mustSetUpTwoFactor = !user.totpEnabledAt && policies.some((p) => p.role === user.role);
  return { actor: { id: user.id, name: user.name, email: user.email, role: user.role, kind: "user" }, mustSetUpTwoFactor };
}

/** The actor a session stands for; null as well while they still must set up two-factor sign-in. */
export async function resolveActor(session: SessionClaim | null): Promise<Actor | null> {
  const resolved = await resolveSession(session);
  return resolved && !resolved.mustSetUpTwoFactor ? resolved.actor : null;
}

/** What this request's session cookie claims (who, which session), before anything is checked. */
export const getSessionClaim = cache(async (): Promise<SessionClaim | null> => getServerSession(authOptions));

/** This request's session, resolved once per request. The actor carries the request's address into lib/, for the audit trail. */
export const getSession = cache(async () => {
  const resolved = await resolveSession(await getSessionClaim());
  return resolved && { ...resolved, actor: { ...resolved.actor, ip: await clientIp() } };
});

/**
 * The signed-in person for this request, or null. Someone who must first set up two-factor sign-in
 * counts as nobody here, so no page or action lets them in until they have; only the profile page
 * and its actions use getSession() to let them do that.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getSession();
  return session && !session.mustSetUpTwoFactor ? session.actor : null;
});

/** For pages: the actor, or a redirect to sign in (or to set up two-factor sign-in). */
export async function requireActorOrRedirect(returnTo: string): Promise<Actor> {
  const session = await getSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (session.mustSetUpTwoFactor) redirect(TWO_FACTOR_SETUP_PATH);
  return session.actor;
}

/** For server actions: the actor, or a ForbiddenError the action reports as "please sign in". */
export async function requireActor(): Promise<Actor> {
  const session = await getSession();
  if (!session) throw new ForbiddenError("Your session has ended. Sign in again; what you typed is still here.");
  if (session.mustSetUpTwoFactor) throw new ForbiddenError(TWO_FACTOR_SETUP_MESSAGE);
  return session.actor;
}

/** For the profile page and its actions only: the actor even while two-factor setup is still owed. */
export async function requireAccountHolder(): Promise<Actor> {
  const session = await getSession();
  if (!session) throw new ForbiddenError("Your session has ended. Sign in again; what you typed is still here.");
  return session.actor;
}
