"use server";

import { redirect } from "next/navigation";
import { getSessionClaim } from "@/lib/auth/actor";
import { endSession } from "@/lib/auth/sessions";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { clientIp } from "@/lib/http/client-ip";

/**
 * "Sign out": ends this session on the server (lib/auth/sessions.ts), so a copy of its cookie opens
 * nothing either, removes the cookie, and sends the person to the sign-in page by a relative redirect,
 * so it works under whichever host name the site was opened (the policy's form-action is 'self').
 * Anyone may sign out; without a session there is nothing to end.
 */
export async function signOutAction(): Promise<void> {
  const claim = await getSessionClaim().catch(() => null);
  try {
    if (claim) await endSession(claim, await clientIp());
  } catch (error) {
    // The cookie still goes, so this browser is signed out; the session itself ends at its 12 hours.
    console.error("[auth] could not end the session on the server at sign-out", error);
  }
  await clearSessionCookie();
  redirect("/signin");
}
