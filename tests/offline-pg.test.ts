// The Prisma migration shim (prisma/offline-pg.ts) against a real, empty database: if an upgrade of
// Prisma or PostgreSQL fixes or changes the bugs it works around, this is where it shows.
import { readdir } from "node:fs/promises";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { migrate } from "../scripts/lib/database";

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe("migrations through the offline adapter", () => {
  it("applies every committed migration to an empty database, and a second run is a no-op", async () => {
    const adminUrl = inject("adminUrl");
    const database = `newsroom_test_empty_${process.pid}_${Date.now()}`;
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${database}`));
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    try {
      await migrate(url.toString(), { quiet: true });
      await migrate(url.toString(), { quiet: true });

      const committed = (await readdir("prisma/migrations", { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
      const applied = await withClient(url.toString(), async (c) => {
        const { rows } = await c.query<{ migration_name: string }>(
          "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
        );
        return rows.map((r) => r.migration_name);
      });
      expect(applied).toEqual(committed.sort());

      const tables = await withClient(url.toString(), async (c) => {
        const { rows } = await c.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        return rows.map((r) => r.table_name);
      });
      expect(tables).toEqual(
        expect.arrayContaining(["User", "Story", "Byline", "RelatedStory", "Revision", "StoryUpdate", "AuditEvent", "Section", "SiteSettings"]),
      );
    } finally {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    }
  });
});
