import { existsSync } from "node:fs";

/** The Chromium to drive: PLAYWRIGHT_CHROMIUM_PATH, then the system's, then Playwright's own download. */
export async function findChromium(): Promise<string | null> {
  const candidates = [process.env.PLAYWRIGHT_CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    const { chromium } = await import("@playwright/test");
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own here
  }
  return null;
}

export const NO_CHROMIUM_MESSAGE = `No Chromium was found for the end-to-end tests. Any one of these works:
  - Debian or Ubuntu:   sudo apt-get update && sudo apt-get install -y chromium
  - with internet:      npx playwright install chromium
  - a browser you have: PLAYWRIGHT_CHROMIUM_PATH=/path/to/chrome npm test`;
