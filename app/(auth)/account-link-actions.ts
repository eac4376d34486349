"use server";

import { parseInput, runAction, type ActionResult } from "@/lib/actions";
import { acceptInvite, resetPasswordWithLink } from "@/lib/users/account-links";
import { acceptInviteSchema, resetPasswordSchema } from "@/lib/users/schemas";

// For people without a session: the one-time link in the input is the authorization, checked and
// used up by the lib function. Both return the account's email, with which the form then signs in.

export async function acceptInviteAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction("acceptInvite", async () => acceptInvite(parseInput(acceptInviteSchema, input)));
}

export async function resetPasswordAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction("resetPassword", async () => resetPasswordWithLink(parseInput(resetPasswordSchema, input)));
}
