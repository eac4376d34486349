import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

// More production servers beside the suite's own, on its database and build, each on its own port:
// the multi-server journeys (a shared Redis cache, or none) start them and stop them after.

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The suite's data folder (its launcher's runtime.json and session secret), from scripts/e2e.ts. */
export const suiteDataDir = process.env.E2E_DATA_DIR ?? "";

/** The suite's database, as the launcher recorded it. */
export function suiteDatabaseUrl(): string {
  return (JSON.parse(readFileSync(path.join(suiteDataDir, "runtime.json"), "utf8")) as { databaseUrl: string }).databaseUrl;
}

/** The suite's session secret: a session signed in on one server is valid on every other. */
export function suiteSecret(): string {
  return readFileSync(path.join(suiteDataDir, "nextauth-secret"), "utf8").trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it holds; a cold start on a loaded machine takes a while, so the wait is long. */
export async function waitUntil(check: () => Promise<boolean>, what: string, child: ChildProcess, timeoutMs = 240_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited`);
    if (await check().catch(() => false)) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export type ExtraServer = { origin: string; child: ChildProcess; output: () => string };

/** Starts one more production server on the suite's database and secret, and waits until it answers. */
export async function startExtraServer(name: string, env: Record<string, string> = {}): Promise<ExtraServer> {
  const databaseUrl = suiteDatabaseUrl();
  const secret = suiteSecret();
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "server.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: origin,
      NEWSROOM_INTERNAL_ORIGIN: `http://127.0.0.1:${port}`,
      NEWSROOM_SCHEDULER: "off",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(`[${name}] ${chunk.toString()}`);
    });
  }
  await waitUntil(async () => (await fetch(`${origin}/api/health`)).ok, name, child);
  return { origin, child, output: () => output };
}

/** Stops the processes, last started first, and waits for each to exit. */
export async function stopAll(children: ChildProcess[]): Promise<void> {
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}
