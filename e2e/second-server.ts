import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { FIRST_RENDER, startStory, uniqueHeadline } from "./fixtures";
import { suiteDatabaseUrl, suiteSecret } from "./extra-servers";

// A web server of a test's own, on the suite's build and database (or a way to it the test controls),
// that the test can stop and start again without disturbing the suite's server.

export function startServer(port: number, databaseUrl = suiteDatabaseUrl()): ChildProcess {
  return spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: suiteSecret(),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEWSROOM_SCHEDULER: "off",
    },
    stdio: "ignore",
  });
}

export async function waitUntilUp(port: number) {
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status, { timeout: 90_000, intervals: [250] })
    .toBe(200);
}

/** Signs in as the reporter on the context's server and saves a new draft; the page is then the story's. */
export async function saveDraftOn(context: BrowserContext, headlinePrefix: string, body: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/desk");
  await expect(page.getByRole("button", { name: "New story" })).toBeVisible(FIRST_RENDER);
  await startStory(page, { headline: uniqueHeadline(headlinePrefix), body });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  return page;
}

export async function stop(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}
