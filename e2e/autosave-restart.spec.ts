import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { FIRST_RENDER, signedInState, startStory, uniqueHeadline } from "./fixtures";

// A second web server of our own, on the suite's database, that this test can stop and start again.
const dataDir = process.env.E2E_DATA_DIR ?? "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startServer(port: number): ChildProcess {
  const { databaseUrl } = JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
  return spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: readFileSync(path.join(dataDir, "nextauth-secret"), "utf8").trim(),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEWSROOM_SCHEDULER: "off",
    },
    stdio: "ignore",
  });
}

async function waitUntilUp(port: number) {
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status, { timeout: 90_000, intervals: [250] })
    .toBe(200);
}

async function stop(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

test("autosave carries on across a restart of the server, losing nothing typed meanwhile", async ({ browser }) => {
  test.skip(!dataDir, "needs the suite's data folder (run through npm run test:e2e)");
  test.setTimeout(150_000);
  const port = await freePort();
  let server = startServer(port);
  // The reporter's saved session works here too: cookies ignore the port, and the secret is the same.
  const context = await browser.newContext({ baseURL: `http://localhost:${port}`, storageState: signedInState("reporter") });
  try {
    await waitUntilUp(port);
    const page = await context.newPage();
    await page.goto("/desk");
    await expect(page.getByRole("button", { name: "New story" })).toBeVisible(FIRST_RENDER);
    await startStory(page, { headline: uniqueHeadline("Restart-proof draft"), body: "Before the restart." });
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);

    await stop(server);
    await page.getByLabel("Body").fill("Typed while the server was restarting.");
    await expect(page.getByText(/^Not saved — retrying/)).toBeVisible({ timeout: 15_000 });

    server = startServer(port);
    await waitUntilUp(port);
    await expect(page.getByText(/^All changes saved at/)).toBeVisible({ timeout: 60_000 });

    await page.reload();
    await expect(page.getByLabel("Body")).toHaveText("Typed while the server was restarting.");
    await expect(page.getByText("Restored the changes")).toHaveCount(0);
  } finally {
    await context.close();
    await stop(server);
  }
});
