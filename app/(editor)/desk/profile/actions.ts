"use server";

import { requireAccountHolder } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { reissueSessionCookie } from "@/lib/auth/session-cookie";
import { changeOwnPassword, confirmTotpSetup, disableTotp, regenerateRecoveryCodes, startTotpSetup, updateProfile } from "@/lib/users/profile";
import { changePasswordSchema, disableTotpSchema, profileSchema, totpCodeSchema } from "@/lib/users/schemas";

// One's own account. These accept someone who still owes two-factor setup (requireAccountHolder):
// setting it up happens here. Each acts on the actor's own account only.

export async function updateProfileAction(input: unknown): Promise<ActionResult> {
  return runAction("updateProfile", async () => {
    const actor = await requireAccountHolder();
    const values = parseInput(profileSchema, input);
    const { tags } = await updateProfile(actor, values);
    await expireTags(tags);
    return null;
  });
}

export async function changePasswordAction(input: unknown): Promise<ActionResult<{ stillSignedIn: boolean }>> {
  return runAction("changePassword", async () => {
    const actor = await requireAccountHolder();
    const values = parseInput(changePasswordSchema, input);
    const { sessionVersion } = await changeOwnPassword(actor, values);
    return { stillSignedIn: await reissueSessionCookie(actor.id, sessionVersion) };
  });
}

export async function startTotpSetupAction(): Promise<ActionResult> {
  return runAction("startTotpSetup", async () => {
    await startTotpSetup(await requireAccountHolder());
    return null;
  });
}

export async function confirmTotpSetupAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction("confirmTotpSetup", async () => {
    const actor = await requireAccountHolder();
    const { code } = parseInput(totpCodeSchema, input);
    return confirmTotpSetup(actor, code);
  });
}

export async function disableTotpAction(input: unknown): Promise<ActionResult> {
  return runAction("disableTotp", async () => {
    const actor = await requireAccountHolder();
    const { proof } = parseInput(disableTotpSchema, input);
    await disableTotp(actor, proof);
    return null;
  });
}

export async function regenerateRecoveryCodesAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction("regenerateRecoveryCodes", async () => {
    const actor = await requireAccountHolder();
    const { proof } = parseInput(disableTotpSchema, input);
    return regenerateRecoveryCodes(actor, proof);
  });
}
