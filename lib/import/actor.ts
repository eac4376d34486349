import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { InvalidError } from "@/lib/errors";

// Who an import or export from the command line acts as: an admin (the stories it creates are theirs,
// and the audit log names them). The one named with --as, else the longest-standing active admin.

export async function commandLineActor(email: string | undefined): Promise<Actor> {
  const user = await db().user.findFirst({
    where: { role: "ADMIN", active: true, ...(email ? { email: email.toLowerCase() } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, email: true, role: true },
  });
  if (!user) throw new InvalidError(email ? `No active admin has the address ${email}.` : "The newsroom has no active admin to act as. Create one first.");
  return { ...user, kind: "user" };
}
