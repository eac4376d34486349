import { defineConfig, devices } from "@playwright/test";

// Run through `npm run test:e2e` (scripts/e2e.ts), which chooses the port, the data folder, the
// browser and the demo passwords, and passes them here in the environment.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  // Generous: a save waits for every other web server to confirm its expiry (up to 12 s when one is
  // stopping, as the multi-server journeys do beside the rest), and the machine may be busy.
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  forbidOnly: Boolean(process.env.CI),
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Signs in each demo account once and saves its state (e2e/sign-in-once.setup.ts).
    { name: "setup", use: { ...devices["Desktop Chrome"] }, testMatch: /sign-in-once\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: /two-factor-required\.spec\.ts/, dependencies: ["setup"] },
    // Journeys that change rules for everyone in a role (demo accounts included) run alone, after the rest.
    { name: "exclusive", use: { ...devices["Desktop Chrome"] }, testMatch: /two-factor-required\.spec\.ts/, dependencies: ["chromium"] },
  ],
  webServer: {
    // The launcher itself, run by node directly so that Playwright's SIGTERM reaches it: it stops
    // Next first and then the built-in PostgreSQL, leaving no lock behind.
    command: "node scripts/launch.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 600_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      NEWSROOM_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e",
      EMBEDDED_PG_PORT: "0",
    },
  },
});
