import { expect, test } from "@playwright/test";
import { signedInState } from "./fixtures";
import { freePort, suiteDataDir } from "./extra-servers";
import { saveDraftOn, startServer, stop, waitUntilUp } from "./second-server";

test("autosave carries on across a restart of the server, losing nothing typed meanwhile", async ({ browser }) => {
  test.skip(!suiteDataDir, "needs the suite's data folder (run through npm run test:e2e)");
  test.setTimeout(150_000);
  const port = await freePort();
  let server = startServer(port);
  // The reporter's saved session works here too: cookies ignore the port, and the secret is the same.
  const context = await browser.newContext({ baseURL: `http://localhost:${port}`, storageState: signedInState("reporter") });
  try {
    await waitUntilUp(port);
    const page = await saveDraftOn(context, "Restart-proof draft", "Before the restart.");

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
