// Builds a Prisma client on the pg driver adapter. Shared by the app (lib/db.ts), the seed and the
// tests, which run outside Next and so cannot import "server-only" modules.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export function createPrismaClient(url: string, poolSize = 10) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: poolSize }),
    // Password hashes and two-factor secrets never leave lib/auth: a query must ask for them by name.
    omit: { user: { passwordHash: true, totpSecret: true, totpPendingSecret: true } },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
/** The client inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
