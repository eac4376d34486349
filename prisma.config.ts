import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./prisma/offline-pg";

// `prisma generate` does not connect, but without a URL it reaches for a native engine download;
// a placeholder keeps it offline. Every command that connects is given the real DATABASE_URL.
const PLACEHOLDER_URL = "postgresql://placeholder@localhost:5432/placeholder";
process.env.DATABASE_URL ||= PLACEHOLDER_URL;

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return migrationAdapter(process.env.DATABASE_URL ?? PLACEHOLDER_URL);
  },
});
