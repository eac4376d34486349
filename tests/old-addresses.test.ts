// An imported site's old addresses keep working: every permalink shape WordPress uses redirects
// permanently, in one hop, to the story, while readers may see it. Checked through the two places that
// answer them: the production server's lookup (server/server-old-addresses.ts, a real HTTP server and
// client) and the catch-all page (app/(site)/[...missing]/page.tsx) for paths Next routes to it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importWordPress } from "@/lib/import/wxr/import";
import { OldAddresses, oldAddressCandidate } from "../server/server-old-addresses";
import UnknownAddress from "@/app/(site)/[...missing]/page";
import { createUser } from "./support/factories";

const SMALL = path.resolve("tests/fixtures/wxr/small-site.xml");
let server: http.Server;
let origin: string;
let oldAddresses: OldAddresses;

beforeAll(async () => {
  const admin = (await createUser("ADMIN")).actor;
  await importWordPress(admin, SMALL, { fetchPhotos: false });
  oldAddresses = new OldAddresses(process.env.DATABASE_URL);
  server = http.createServer((req, res) => {
    void oldAddresses.answer(req, res, []).then((answered) => {
      if (answered) return;
      res.writeHead(299);
      res.end("passed on");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await oldAddresses.close();
});

async function slugOf(sourceId: string) {
  const row = await db().importedPost.findFirstOrThrow({ where: { sourceId }, select: { story: { select: { slug: true } } } });
  return row.story.slug;
}

/** What the catch-all page does with a path: the redirect it throws, or "not found". */
async function pageAnswer(pathname: string): Promise<string> {
  try {
    await UnknownAddress({ params: Promise.resolve({ missing: pathname.split("/").filter(Boolean) }) });
    return "rendered";
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) {
      const [, , location, status] = digest.split(";");
      return `${status} ${location}`;
    }
    if (digest.includes("404")) return "not found";
    throw error;
  }
}

describe("old addresses answered by the production server", () => {
  it.each([
    ["/2016/12/13/council-passes-budget/", "101"],
    ["/?p=101", "101"],
    ["/2016/12/13/council-budget-vote/", "101"],
    ["/sports/tigers-win-the-final/", "102"],
    ["/?p=102", "102"],
    ["/about/", "107"],
    ["/?page_id=107", "107"],
    ["/?p=101&utm_source=newsletter", "101"],
  ])("%s redirects with a 301 to the story, in one hop", async (address, sourceId) => {
    const response = await fetch(`${origin}${address}`, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(`/stories/${await slugOf(sourceId)}`);
    // One hop: the story's address is not itself an old address.
    expect(oldAddressCandidate("GET", response.headers.get("location")!)).toBeNull();
  });

  it.each([
    ["an unknown post id", "/?p=999"],
    ["a draft's old address", "/?p=103"],
    ["a private post's permalink", "/2016/11/01/staff-only-memo/"],
    ["a password-protected post's ?p=", "/?p=106"],
    ["an unknown permalink", "/2016/12/13/no-such-post/"],
  ])("%s is passed on (no redirect tells that a draft exists)", async (_, address) => {
    const response = await fetch(`${origin}${address}`, { redirect: "manual" });
    expect(response.status).toBe(299);
  });

  it("only looks up the shapes Next would not answer in one hop itself", () => {
    expect(oldAddressCandidate("GET", "/stories/council-passes-budget")).toBeNull();
    expect(oldAddressCandidate("POST", "/?p=101")).toBeNull();
    expect(oldAddressCandidate("GET", "/")).toBeNull();
    expect(oldAddressCandidate("GET", "/_next/static/x/")).toBeNull();
    expect(oldAddressCandidate("HEAD", "/about/")).toBe("/about");
  });
});

describe("old addresses answered by the catch-all page", () => {
  it.each([
    ["/2016/12/13/council-passes-budget", "101"],
    ["/sports/tigers-win-the-final", "102"],
    ["/about", "107"],
  ])("%s redirects permanently to the story", async (address, sourceId) => {
    expect(await pageAnswer(address)).toBe(`308 /stories/${await slugOf(sourceId)}`);
  });

  it("is a 404 for what is not public or not known", async () => {
    expect(await pageAnswer("/2016/11/01/staff-only-memo")).toBe("not found");
    expect(await pageAnswer("/nothing/here")).toBe("not found");
  });

  it("is a 404, not a database error, for an address no stored key can hold", async () => {
    // What Next hands the page for /a%00b and /%ED%A0%80: a NUL, a lone surrogate.
    expect(await pageAnswer("/a\u0000b")).toBe("not found");
    expect(await pageAnswer("/\uD800")).toBe("not found");
    expect((await fetch(`${origin}/a%00b/`, { redirect: "manual" })).status).toBe(299);
  });

  it("stops redirecting when the story is unpublished", async () => {
    const slug = await slugOf("102");
    await db().story.update({ where: { slug }, data: { status: "UNPUBLISHED" } });
    expect(await pageAnswer("/sports/tigers-win-the-final")).toBe("not found");
    expect((await fetch(`${origin}/?p=102`, { redirect: "manual" })).status).toBe(299);
    await db().story.update({ where: { slug }, data: { status: "PUBLISHED" } });
  });
});
