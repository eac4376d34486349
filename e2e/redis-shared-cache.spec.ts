import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, startExtraServer, stopAll, waitUntil } from "./extra-servers";
import { passwordFor, startStory, uniqueHeadline } from "./fixtures";

// Several web servers, one database, one cache: two production servers with REDIS_URL, beside the
// suite's own server, each on its own port. A change made through one shows on the other at once.

const REDIS = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((file) => existsSync(file));
/** The first page of a server that has just started renders cold: on a loaded machine, slowly. */
const COLD_PAGE = { timeout: 90_000 };

test.describe.configure({ mode: "serial" });
test.skip(!REDIS, "redis-server is not installed (Debian: apt-get install -y redis-server; .ci/run installs it): skipping the shared-cache test.");
test.setTimeout(600_000);

const children: ChildProcess[] = [];
let dir = "";
const instances: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
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
  for (let i = 0; i < 2; i++) {
    const server = await startExtraServer(`redis server ${i + 1}`, { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    children.push(server.child);
    instances.push(server.origin);
  }
});

test.afterAll(async () => {
  await stopAll(children);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("an update made through one instance shows at once on the other", async ({ page }) => {
  const [first, second] = instances;
  await page.goto(`${first}/signin`, COLD_PAGE);
  await page.getByLabel("Email").fill("editor@newsroom.test");
  await page.getByLabel("Password").fill(passwordFor("editor"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "New story" })).toBeVisible(COLD_PAGE);

  const headline = uniqueHeadline("Ferry fares rise in spring");
  await startStory(page, { headline, section: "Metro", body: "The port board approved the increase." });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published at" })).toBeVisible(COLD_PAGE);
  const slug = await page.getByLabel("Slug").inputValue();

  // Both instances have the page, from the shared cache.
  for (const origin of [first, second]) {
    await expect.poll(async () => (await fetch(`${origin}/stories/${slug}`)).status, COLD_PAGE).toBe(200);
  }
  await expect.poll(async () => (await fetch(`${second}/stories/${slug}`)).headers.get("x-nextjs-cache"), COLD_PAGE).toBe("HIT");

  const note = `Fares rise on April 1, notice ${Date.now()}.`;
  await page.getByRole("button", { name: "Add update" }).click();
  await page.getByLabel("Update note").fill(note);
  await page.getByRole("button", { name: "Add update" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Update added" })).toBeVisible(COLD_PAGE);

  // The other instance's very next request has it: the expiry went through Redis.
  expect(await (await fetch(`${second}/stories/${slug}`)).text()).toContain(note);
});
