import net from "node:net";
import { expect, test } from "@playwright/test";
import { freePort, suiteDatabaseUrl, suiteDataDir } from "./extra-servers";
import { saveDraftOn, startServer, stop, waitUntilUp } from "./second-server";
import { signedInState } from "./fixtures";

/**
 * The way from a web server to its database, which the test can cut (every connection dropped, new
 * ones refused, as when PostgreSQL is down) and restore on the same port.
 */
async function databaseLine(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const open = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("error", drop).on("close", drop);
        }
        client.pipe(upstream).pipe(client);
      });
      server.once("error", reject).listen(port, "127.0.0.1", () => resolve((server!.address() as net.AddressInfo).port));
    });
  const port = await open(0);
  return {
    port,
    cut() {
      server?.close();
      for (const socket of sockets) socket.destroy();
    },
    restore: () => open(port),
  };
}

test("autosave saves by itself once the database is back after an outage", async ({ browser }) => {
  test.skip(!suiteDataDir, "needs the suite's data folder (run through npm run test:e2e)");
  test.setTimeout(180_000);
  const databaseUrl = new URL(suiteDatabaseUrl());
  const line = await databaseLine(databaseUrl);
  const throughLine = new URL(databaseUrl);
  throughLine.host = `127.0.0.1:${line.port}`;
  const port = await freePort();
  const server = startServer(port, throughLine.toString());
  // The reporter's saved session works here too: cookies ignore the port, and the secret is the same.
  const context = await browser.newContext({ baseURL: `http://localhost:${port}`, storageState: signedInState("reporter") });
  try {
    await waitUntilUp(port);
    const page = await saveDraftOn(context, "Outage-proof draft", "Before the outage.");
    await expect(page.getByLabel("Headline")).toBeEnabled();

    line.cut();
    await page.getByLabel("Body").fill("Typed while the database was down.");
    // The server answers, but cannot save: the form says it will try again, and keeps the text.
    await expect(page.getByText(/^Not saved — retrying/)).toBeVisible({ timeout: 30_000 });

    await line.restore();
    await expect(page.getByText(/^All changes saved at/)).toBeVisible({ timeout: 90_000 });

    await page.reload();
    await expect(page.getByLabel("Body")).toHaveText("Typed while the database was down.");
    await expect(page.getByText("Restored the changes")).toHaveCount(0);
  } finally {
    await context.close();
    await stop(server);
    line.cut();
  }
});
