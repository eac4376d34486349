import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { passwordFor, startStory, uniqueHeadline } from "./fixtures";

// Several web servers, one database, one cache: two production servers with REDIS_URL, beside the
// suite's own server, each on its own port. A change made through one shows on the other at once.

const REDIS = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((file) => existsSync(file));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

test.describe.configure({ mode: "serial" });
test.skip(!REDIS, "redis-server is not installed (Debian: apt-get install -y redis-server; .ci/run installs it): skipping the shared-cache test.");
test.setTimeout(180_000);

const children: ChildProcess[] = [];
let dir = "";
const instances: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, child: ChildProcess, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited`);
    if (await check().catch(() => false)) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "newsroom-redis-"));
  const redisPort = await freePort();
  const redis = spawn(REDIS!, ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  children.push(redis);
  await waitUntil(
    () =>
      new Promise((resolve) => {
        const socket = net.connect(redisPort, "127.0.0.1", () => {
          socket.end();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      }),
    "redis-server",
    redis,
  );

  // The suite's database and secret: the same newsroom, served by more instances.
  const dataDir = process.env.E2E_DATA_DIR!;
  const { databaseUrl } = JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
  const secret = readFileSync(path.join(dataDir, "nextauth-secret"), "utf8").trim();
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const server = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "server.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: secret,
        NEXTAUTH_URL: origin,
        NEWSROOM_INTERNAL_ORIGIN: `http://127.0.0.1:${port}`,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        NEWSROOM_SCHEDULER: "off",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(server);
    await waitUntil(async () => (await fetch(`${origin}/api/health`)).ok, `web server ${i + 1}`, server);
    instances.push(origin);
  }
});

test.afterAll(async () => {
  for (const child of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("an update made through one instance shows at once on the other", async ({ page }) => {
  const [first, second] = instances;
  await page.goto(`${first}/signin`);
  await page.getByLabel("Email").fill("editor@newsroom.test");
  await page.getByLabel("Password").fill(passwordFor("editor"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/desk$/);

  const headline = uniqueHeadline("Ferry fares rise in spring");
  await startStory(page, { headline, section: "Metro", body: "The port board approved the increase." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible();
  const slug = await page.getByLabel("Slug").inputValue();

  // Both instances have the page, from the shared cache.
  for (const origin of [first, second]) {
    await expect.poll(async () => (await fetch(`${origin}/stories/${slug}`)).status).toBe(200);
  }
  const cached = await fetch(`${second}/stories/${slug}`);
  expect(cached.headers.get("x-nextjs-cache")).toBe("HIT");

  const note = `Fares rise on April 1, notice ${Date.now()}.`;
  await page.getByRole("button", { name: "Add update" }).click();
  await page.getByLabel("Update note").fill(note);
  await page.getByRole("button", { name: "Add update" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Update added" })).toBeVisible();

  // The other instance's very next request has it: the expiry went through Redis.
  expect(await (await fetch(`${second}/stories/${slug}`)).text()).toContain(note);
});
