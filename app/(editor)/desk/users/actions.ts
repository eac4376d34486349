"use server";

import { requireActor } from "@/lib/auth/actor";
import { parseInput, runAction, type ActionResult } from "@/lib/actions";
import { siteOrigin } from "@/lib/env";
import { getSiteSettings } from "@/lib/settings/site";
import { sendAccountEmail } from "@/lib/users/mail";
import {
  changeUserRole,
  createPasswordResetLink,
  inviteUser,
  removeUserTwoFactor,
  revokeInvite,
  setRoleTwoFactorRequirement,
  setUserActive,
} from "@/lib/users/mutations";
import { activeChangeSchema, inviteInputSchema, inviteRefSchema, roleChangeSchema, rolePolicySchema, userRefSchema } from "@/lib/users/schemas";
import { tokenPath } from "@/lib/users/tokens";

// Server actions are public POST endpoints: each parses its input and names its actor; the lib
// function it calls checks "user.manage" itself. None of these changes anything readers see.

export type LinkResult = { link: string; expiresAt: string; emailed: "sent" | "not-configured" | "failed" };

export async function inviteUserAction(input: unknown): Promise<ActionResult<LinkResult>> {
  return runAction("inviteUser", async () => {
    const actor = await requireActor();
    const values = parseInput(inviteInputSchema, input);
    const { token, expiresAt } = await inviteUser(actor, values);
    const link = `${siteOrigin()}${tokenPath("INVITE", token)}`;
    const { timeZone } = await getSiteSettings();
    const emailed = await sendAccountEmail({ kind: "invite", to: values.email, link, role: values.role, invitedBy: actor.name, expiresAt, timeZone });
    return { link, expiresAt: expiresAt.toISOString(), emailed };
  });
}

export async function revokeInviteAction(input: unknown): Promise<ActionResult> {
  return runAction("revokeInvite", async () => {
    const actor = await requireActor();
    const { inviteId } = parseInput(inviteRefSchema, input);
    await revokeInvite(actor, inviteId);
    return null;
  });
}

export async function changeUserRoleAction(input: unknown): Promise<ActionResult> {
  return runAction("changeUserRole", async () => {
    const actor = await requireActor();
    const { userId, role } = parseInput(roleChangeSchema, input);
    await changeUserRole(actor, userId, role);
    return null;
  });
}

export async function setUserActiveAction(input: unknown): Promise<ActionResult> {
  return runAction("setUserActive", async () => {
    const actor = await requireActor();
    const { userId, active } = parseInput(activeChangeSchema, input);
    await setUserActive(actor, userId, active);
    return null;
  });
}

export async function createPasswordResetLinkAction(input: unknown): Promise<ActionResult<LinkResult>> {
  return runAction("createPasswordResetLink", async () => {
    const actor = await requireActor();
    const { userId } = parseInput(userRefSchema, input);
    const { token, expiresAt, email, name } = await createPasswordResetLink(actor, userId);
    const link = `${siteOrigin()}${tokenPath("PASSWORD_RESET", token)}`;
    const { timeZone } = await getSiteSettings();
    const emailed = await sendAccountEmail({ kind: "reset", to: email, name, link, expiresAt, timeZone });
    return { link, expiresAt: expiresAt.toISOString(), emailed };
  });
}

export async function removeUserTwoFactorAction(input: unknown): Promise<ActionResult> {
  return runAction("removeUserTwoFactor", async () => {
    const actor = await requireActor();
    const { userId } = parseInput(userRefSchema, input);
    await removeUserTwoFactor(actor, userId);
    return null;
  });
}

export async function setRoleTwoFactorAction(input: unknown): Promise<ActionResult> {
  return runAction("setRoleTwoFactor", async () => {
    const actor = await requireActor();
    const { role, requireTwoFactor } = parseInput(rolePolicySchema, input);
    await setRoleTwoFactorRequirement(actor, role, requireTwoFactor);
    return null;
  });
}
