import "server-only";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { clientIp } from "@/lib/http/client-ip";
import { InvalidError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { passwordProblem } from "@/lib/users/schemas";
import { uniqueUserSlug } from "@/lib/users/slug";
import { inspectToken, markTokenUsed, tokenStateMessage } from "@/lib/users/tokens";

// What a person without a session does with a one-time link: accept an invitation, or set a new
// password. The link is the authorization; it is checked and used up inside the transaction.

type NewPassword = { password: string; confirmPassword: string };

function checkNewPassword(values: NewPassword, email: string) {
  const problem = passwordProblem(values.password, email);
  if (problem) throw new InvalidError("Choose a different password.", { password: [problem] });
  if (values.password !== values.confirmPassword) throw new InvalidError("The two passwords differ.", { confirmPassword: ["Type the same password twice."] });
}

function deadLink(purpose: "INVITE" | "PASSWORD_RESET", state: Parameters<typeof tokenStateMessage>[1]): InvalidError {
  const { title, body } = tokenStateMessage(purpose, state);
  return new InvalidError(`${title}. ${body}`);
}

/** Creates the invitee's account with the name and password they chose; returns their email for signing in. */
export async function acceptInvite(input: { token: string; name: string } & NewPassword): Promise<{ email: string }> {
  const ip = await clientIp();
  const { state, token } = await inspectToken("INVITE", input.token);
  if (state !== "valid" || !token?.role) throw deadLink("INVITE", state === "valid" ? "unknown" : state);
  checkNewPassword(input, token.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      if (!(await markTokenUsed(tx, token.id))) throw deadLink("INVITE", "used");
      const user = await tx.user.create({
        data: { email: token.email, name: input.name, slug: await uniqueUserSlug(tx, input.name), role: token.role!, passwordHash },
        select: { id: true, email: true },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "user.invite_accept",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email, role: token.role, inviteId: token.id, invitedBy: token.createdById },
        ip,
      });
      return { email: user.email };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new InvalidError("An account with this email already exists. Sign in with it, or ask an admin for a password reset link.");
    }
    throw error;
  }
}

/** Sets a new password from a reset link; every existing session of the account ends. */
export async function resetPasswordWithLink(input: { token: string } & NewPassword): Promise<{ email: string }> {
  const ip = await clientIp();
  const { state, token } = await inspectToken("PASSWORD_RESET", input.token);
  if (state !== "valid" || !token?.userId) throw deadLink("PASSWORD_RESET", state === "valid" ? "unknown" : state);
  const user = await db().user.findUnique({ where: { id: token.userId }, select: { id: true, email: true, active: true } });
  if (!user?.active) throw new InvalidError("This account is deactivated, so its password cannot be reset. Ask an admin.");
  checkNewPassword(input, user.email);
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    if (!(await markTokenUsed(tx, token.id))) throw deadLink("PASSWORD_RESET", "used");
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, {
      actorId: user.id,
      action: "user.password_reset",
      entityType: "user",
      entityId: user.id,
      data: { tokenId: token.id, linkMadeBy: token.createdById },
      ip,
    });
    return { email: user.email };
  });
}
