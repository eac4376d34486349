import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { listRoleTwoFactorRequirements, roleRequiresTwoFactor } from "@/lib/auth/two-factor-policy";
import { formatSecretForTyping, totpQrSvg, totpUri } from "@/lib/auth/totp";
import { USERS_FORBIDDEN_MESSAGE } from "@/lib/users/mutations";

/** Everyone with an account, pending invitations, and the per-role two-factor rule: the People page. */
export async function listPeopleForAdmin(actor: Actor) {
  if (!can(actor, "user.manage")) throw new ForbiddenError(USERS_FORBIDDEN_MESSAGE);
  const [users, invites, roleRules] = await Promise.all([
    db().user.findMany({
      orderBy: [{ active: "desc" }, { name: "asc" }],
      select: { id: true, name: true, email: true, role: true, active: true, lastSignInAt: true, totpEnabledAt: true },
    }),
    db().accountToken.findMany({
      where: { purpose: "INVITE", usedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, createdBy: { select: { name: true } } },
    }),
    listRoleTwoFactorRequirements(),
  ]);
  const activeAdmins = users.filter((u) => u.role === "ADMIN" && u.active).length;
  return {
    users: users.map((u) => ({ ...u, twoFactor: u.totpEnabledAt !== null, isSelf: u.id === actor.id })),
    invites: invites.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role!,
      expiresAt: i.expiresAt,
      invitedBy: i.createdBy?.name ?? "an admin",
      expired: i.expiresAt.getTime() <= Date.now(),
    })),
    roleRules,
    activeAdmins,
  };
}

export type PeopleList = Awaited<ReturnType<typeof listPeopleForAdmin>>;

/** One's own account, for the profile page: never the secrets themselves, except a pending setup's. */
export async function getOwnProfile(actor: Actor) {
  const user = await db().user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      name: true,
      email: true,
      role: true,
      totpEnabledAt: true,
      totpPendingSecret: true,
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  // A secret being set up is shown to its owner (QR code and text) until it is confirmed.
  const setup =
    !user.totpEnabledAt && user.totpPendingSecret
      ? { qrSvg: await totpQrSvg(totpUri(user.email, user.totpPendingSecret)), secret: formatSecretForTyping(user.totpPendingSecret) }
      : null;
  return {
    name: user.name,
    email: user.email,
    role: user.role,
    twoFactorOn: user.totpEnabledAt !== null,
    twoFactorSince: user.totpEnabledAt,
    recoveryCodesLeft: user._count.recoveryCodes,
    roleRequiresTwoFactor: await roleRequiresTwoFactor(user.role),
    setup,
  };
}
