import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import type { Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";

/**
 * The signed-in person for this request, or null. The session token is only a claim: the user is
 * re-read from the database, so deactivation or a role change ends the session at its next request.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const actor = await resolveActor(await getServerSession(authOptions));
  // The request's address travels with the actor into lib/, for the audit trail.
  return actor && { ...actor, ip: await clientIp() };
});

/** The actor a session stands for, if the user is still active and the session still current. */
export async function resolveActor(session: { userId?: string; sessionVersion?: number } | null): Promise<Actor | null> {
  if (!session?.userId) return null;
  const user = await db().user.findUnique({
    where: { id: session.userId },
    select: { id: true, name: true, email: true, role: true, active: true, sessionVersion: true },
  });
  if (!user || !user.active || user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role, kind: "user" };
}

/** For pages: the actor, or a redirect to sign in. */
export async function requireActorOrRedirect(returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

/** For server actions: the actor, or a ForbiddenError the action reports as "please sign in". */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new ForbiddenError("Your session has ended. Sign in again; what you typed is still here.");
  return actor;
}

/** next-auth's CSRF token for forms that post to its endpoints (sign-out), read from its cookie. */
export async function authCsrfToken(): Promise<string | null> {
  const { cookies } = await import("next/headers");
  const store = await cookies();
  const cookie = store.get("__Host-next-auth.csrf-token") ?? store.get("next-auth.csrf-token");
  return cookie?.value.split("|")[0] ?? null;
}
