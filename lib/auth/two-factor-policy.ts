import "server-only";
import { db, type Db, type Tx } from "@/lib/db";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

// Which roles must sign in with two factors: a row per role in RolePolicy, set by admins on the
// People page. No row means "not required".

export async function roleRequiresTwoFactor(role: Role, client: Db | Tx = db()): Promise<boolean> {
  const policy = await client.rolePolicy.findUnique({ where: { role }, select: { requireTwoFactor: true } });
  return policy?.requireTwoFactor ?? false;
}

export async function listRoleTwoFactorRequirements(): Promise<{ role: Role; label: string; requireTwoFactor: boolean }[]> {
  const rows = await db().rolePolicy.findMany({ select: { role: true, requireTwoFactor: true } });
  const required = new Map(rows.map((r) => [r.role, r.requireTwoFactor]));
  return (Object.keys(ROLE_LABELS) as Role[]).map((role) => ({ role, label: ROLE_LABELS[role], requireTwoFactor: required.get(role) ?? false }));
}
