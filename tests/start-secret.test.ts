// The launcher (`npm start`, here in its --dev form, which needs no build) against this file's
// database: with no NEXTAUTH_SECRET it generates one on first start, keeps it readable only by its
// owner, and prints it nowhere (about a minute: the dev server compiles its first route).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../scripts/lib/embedded-postgres";

const root = path.resolve(import.meta.dirname, "..");
let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startOnce(dir: string): Promise<string> {
  const port = await findFreePort(0);
  const env: NodeJS.ProcessEnv = { ...process.env, NEWSROOM_DATA_DIR: dir, PORT: String(port), NEWSROOM_SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NEXTAUTH_SECRET;
  delete env.NEXTAUTH_URL;
  const child = spawn(process.execPath, ["scripts/launch.mjs", "--dev"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the launcher did not become ready:\n${output}`)), 150_000);
      child.stdout.on("data", () => {
        if (output.includes("Press Ctrl-C to stop.")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited (${code}):\n${output}`));
      });
    });
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
  return output;
}

describe("the session secret", () => {
  it("is generated on first start when not configured, kept with mode 600, and never printed", async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "newsroom-secret-"));
    const first = await startOnce(dataDir);
    const file = path.join(dataDir, "nextauth-secret");
    const secret = (await readFile(file, "utf8")).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first).toContain("The newsroom is running");
    expect(first).not.toContain(secret);
  }, 240_000);
});
