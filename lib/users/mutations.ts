import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, ROLE_LABELS, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { clientIp } from "@/lib/http/client-ip";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { newToken, TOKEN_LIFETIME_HOURS } from "@/lib/users/tokens";
import type { InviteInput } from "@/lib/users/schemas";

// What admins do to other people's accounts. Each function checks "user.manage" itself and writes
// the change and its audit event in one transaction. Changes that must end someone's sessions bump
// their sessionVersion: lib/auth/actor.ts compares it on every request.

export const USERS_FORBIDDEN_MESSAGE = "Only admins can manage people and their roles.";

function authorize(actor: Actor) {
  if (!can(actor, "user.manage")) throw new ForbiddenError(USERS_FORBIDDEN_MESSAGE);
}

const userGone = () => new NotFoundError("This person's account no longer exists. Reload the page to see the current list.");
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000);

/**
 * Serializes every change that can reduce the number of active admins (role changes, deactivation)
 * until the transaction ends. Two admins demoting each other at the same moment would otherwise each
 * count two admins and both succeed; with the lock the second waits, then counts one and is refused.
 */
async function lockAdminCount(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('newsroom:active-admins'))`;
}

async function assertNotLastAdmin(tx: Tx, target: { id: string; name: string; role: Role; active: boolean }, actor: Actor, doing: string) {
  if (target.role !== "ADMIN" || !target.active) return;
  const admins = await tx.user.count({ where: { role: "ADMIN", active: true } });
  if (admins <= 1) {
    const who = target.id === actor.id ? "You are" : `${target.name} is`;
    throw new InvalidError(`${who} the only active admin, so ${doing} would leave nobody able to manage people. Make someone else an admin first.`);
  }
}

async function loadTarget(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, role: true, active: true } });
  if (!user) throw userGone();
  return user;
}

/** Invites someone by email: a one-time link, valid 7 days, which replaces any earlier invitation to that address. */
export async function inviteUser(actor: Actor, input: InviteInput): Promise<{ inviteId: string; token: string; expiresAt: Date }> {
  authorize(actor);
  const ip = await clientIp();
  return db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) {
      throw new InvalidError("This person already has an account.", {
        email: ["Someone with this email already has an account. Find them in the list below."],
      });
    }
    await tx.accountToken.updateMany({ where: { purpose: "INVITE", email: input.email, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const { token, tokenHash } = newToken();
    const expiresAt = hoursFromNow(TOKEN_LIFETIME_HOURS.INVITE);
    const invite = await tx.accountToken.create({
      data: { tokenHash, purpose: "INVITE", email: input.email, role: input.role, expiresAt, createdById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.invite",
      entityType: "invite",
      entityId: invite.id,
      data: { email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
      ip,
    });
    return { inviteId: invite.id, token, expiresAt };
  });
}

/** Withdraws an invitation that has not been accepted. */
export async function revokeInvite(actor: Actor, inviteId: string): Promise<void> {
  authorize(actor);
  const ip = await clientIp();
  await db().$transaction(async (tx) => {
    const invite = await tx.accountToken.findUnique({ where: { id: inviteId }, select: { purpose: true, email: true, usedAt: true, revokedAt: true } });
    if (!invite || invite.purpose !== "INVITE") throw new NotFoundError("This invitation no longer exists. Reload the page.");
    if (invite.usedAt) throw new InvalidError(`${invite.email} has already accepted this invitation.`);
    if (invite.revokedAt) return;
    await tx.accountToken.update({ where: { id: inviteId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actorId: actor.id, action: "user.invite_revoke", entityType: "invite", entityId: inviteId, data: { email: invite.email }, ip });
  });
}

/** Changes someone's role; never the last active admin's away from Admin. Their sessions end. */
export async function changeUserRole(actor: Actor, userId: string, role: Role): Promise<void> {
  authorize(actor);
  const ip = await clientIp();
  await db().$transaction(async (tx) => {
    await lockAdminCount(tx);
    const target = await loadTarget(tx, userId);
    if (target.role === role) return;
    if (role !== "ADMIN")
      await assertNotLastAdmin(tx, target, actor, `making ${target.id === actor.id ? "yourself" : "them"} ${ROLE_LABELS[role].toLowerCase()}`);
    await tx.user.update({ where: { id: userId }, data: { role, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.role_change",
      entityType: "user",
      entityId: userId,
      data: { email: target.email, from: target.role, to: role },
      ip,
    });
  });
}

/**
 * Deactivates or reactivates an account. A deactivated person's sessions end at their next request
 * and they cannot sign in; their stories and bylines stay. Admins cannot deactivate themselves (another
 * admin must), and the last active admin cannot be deactivated.
 */
export async function setUserActive(actor: Actor, userId: string, active: boolean): Promise<void> {
  authorize(actor);
  const ip = await clientIp();
  await db().$transaction(async (tx) => {
    await lockAdminCount(tx);
    const target = await loadTarget(tx, userId);
    if (target.active === active) return;
    if (!active) {
      if (target.id === actor.id) throw new InvalidError("You cannot deactivate your own account. Another admin can, if that is what is needed.");
      await assertNotLastAdmin(tx, target, actor, "deactivating them");
      // Links made for the account stop working with it.
      await tx.accountToken.updateMany({ where: { userId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    await tx.user.update({ where: { id: userId }, data: { active, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: active ? "user.reactivate" : "user.deactivate",
      entityType: "user",
      entityId: userId,
      data: { email: target.email },
      ip,
    });
  });
}

/** A one-time link, valid 24 hours, with which someone sets a new password; replaces earlier ones. */
export async function createPasswordResetLink(actor: Actor, userId: string): Promise<{ token: string; expiresAt: Date; email: string; name: string }> {
  authorize(actor);
  const ip = await clientIp();
  return db().$transaction(async (tx) => {
    const target = await loadTarget(tx, userId);
    if (!target.active) throw new InvalidError(`${target.name}'s account is deactivated. Reactivate it first, then make the link.`);
    await tx.accountToken.updateMany({ where: { purpose: "PASSWORD_RESET", userId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const { token, tokenHash } = newToken();
    const expiresAt = hoursFromNow(TOKEN_LIFETIME_HOURS.PASSWORD_RESET);
    const row = await tx.accountToken.create({
      data: { tokenHash, purpose: "PASSWORD_RESET", email: target.email, userId, expiresAt, createdById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.password_reset_link",
      entityType: "user",
      entityId: userId,
      data: { email: target.email, tokenId: row.id, expiresAt: expiresAt.toISOString() },
      ip,
    });
    return { token, expiresAt, email: target.email, name: target.name };
  });
}

/** Turns off someone's two-factor sign-in (a lost phone and lost recovery codes). */
export async function removeUserTwoFactor(actor: Actor, userId: string): Promise<void> {
  authorize(actor);
  const ip = await clientIp();
  await db().$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
    if (!target) throw userGone();
    if (!target.totpEnabledAt) return;
    await tx.user.update({
      where: { id: userId },
      data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastTimeStep: null, sessionVersion: { increment: 1 } },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordAudit(tx, { actorId: actor.id, action: "auth.totp_remove", entityType: "user", entityId: userId, data: { email: target.email }, ip });
  });
}

/** Whether people in a role must use two-factor sign-in. */
export async function setRoleTwoFactorRequirement(actor: Actor, role: Role, requireTwoFactor: boolean): Promise<void> {
  authorize(actor);
  const ip = await clientIp();
  await db().$transaction(async (tx) => {
    const current = await tx.rolePolicy.findUnique({ where: { role }, select: { requireTwoFactor: true } });
    if ((current?.requireTwoFactor ?? false) === requireTwoFactor) return;
    await tx.rolePolicy.upsert({ where: { role }, create: { role, requireTwoFactor }, update: { requireTwoFactor } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "auth.role_two_factor_requirement",
      entityType: "role",
      entityId: role,
      data: { role, requireTwoFactor },
      ip,
    });
  });
}
