import "server-only";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";

// The app's only Prisma client, created on first use: `next build` imports route modules with no
// DATABASE_URL set. Kept on globalThis so that dev-mode reloads reuse one pool.
const holder = globalThis as unknown as { newsroomDb?: Db };

export function db(): Db {
  holder.newsroomDb ??= createPrismaClient(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return holder.newsroomDb;
}

export type { Db, Tx } from "@/lib/db/client";
