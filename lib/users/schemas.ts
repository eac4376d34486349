import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { Role } from "@/lib/generated/prisma/enums";

// What the people forms send. Parsed on the server by every action that accepts it.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** The password rules, as the forms state them. */
export const PASSWORD_RULES = `At least ${PASSWORD_MIN_LENGTH} characters (a few words make a good one), and not your email address.`;

/** Why a new password is refused, or null. Rules: length 12 to 1024, not the account's email. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters; this one has ${password.length}.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered === address || lowered === address.split("@")[0]) return "Do not use your email address as your password.";
  return null;
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Type an email address.")
  .max(320, "That email address is too long.")
  .email("Type a whole email address, like name@example.com.");

export const roleSchema = z.enum(Role, { message: "Choose a role." });
export const nameSchema = textField()
  .trim()
  .min(1, "Type a name.")
  .max(120, "Keep the name under 120 characters.")
  .transform((s) => s.replace(/\s+/g, " "));

export const inviteInputSchema = z.object({ email: emailSchema, role: roleSchema });
export type InviteInput = z.output<typeof inviteInputSchema>;

export const userRefSchema = z.object({ userId: textField().uuid() });
export const roleChangeSchema = userRefSchema.extend({ role: roleSchema });
export const activeChangeSchema = userRefSchema.extend({ active: z.boolean() });
export const rolePolicySchema = z.object({ role: roleSchema, requireTwoFactor: z.boolean() });
export const inviteRefSchema = z.object({ inviteId: textField().uuid() });

/**
 * A new password with its confirmation; the email rule is checked where the account is known.
 * Passwords stay plain z.string(): they are only ever hashed, never stored as text, so they are
 * kept exactly as typed.
 */
export const newPasswordFields = {
  password: z.string().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  confirmPassword: z.string().max(PASSWORD_MAX_LENGTH),
};

export const acceptInviteSchema = z.object({ token: textField().min(1).max(200), name: nameSchema, ...newPasswordFields });
export const resetPasswordSchema = z.object({ token: textField().min(1).max(200), ...newPasswordFields });
export const profileSchema = z.object({ name: nameSchema });
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Type your current password.").max(PASSWORD_MAX_LENGTH),
  ...newPasswordFields,
});
export const totpCodeSchema = z.object({ code: textField().trim().min(1, "Type the code from your app.").max(40) });
export const disableTotpSchema = z.object({ proof: z.string().trim().min(1, "Type a code from your app, or your password.").max(PASSWORD_MAX_LENGTH) });
