// Hostile text in a photo's details (caption, alt text, photographer, credit, ...), as a file's own
// metadata or a person could put it there, rendered by the real Media pages (the library list and a
// photo's page, server components with their client forms, rendered by React): it must create no
// element or attribute, and show as text.
import { prerender } from "react-dom/static";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { curatedPayloads } from "./support/xss-payloads";
import { inspectHtml, introduced, type Markup } from "./support/markup-safety";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/actor")>()),
  requireActorOrRedirect: async () => session.actor!,
}));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), unstable_cache: <T>(fn: T) => fn }));
// The client forms ask for the App Router, which a static render has not mounted.
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/navigation")>()),
  useRouter: () => ({ refresh() {}, push() {}, replace() {}, back() {}, forward() {}, prefetch() {} }),
}));

const { db } = await import("@/lib/db");
const { stopQueue } = await import("@/lib/scheduling/queue");
const { default: MediaLibraryPage } = await import("@/app/(editor)/desk/media/page");
const { default: MediaPage } = await import("@/app/(editor)/desk/media/[id]/page");
const { createUser } = await import("./support/factories");
const { createProcessedPhoto } = await import("./support/media");

const FIELDS = ["caption", "altText", "photographer", "photographerTitle", "creditLine", "source", "copyrightNotice", "originalName"] as const;

async function render(element: Promise<React.ReactElement>): Promise<string> {
  const { prelude } = await prerender(await element);
  return new Response(prelude).text();
}

async function pagesShowing(text: string) {
  const photo = await createProcessedPhoto(session.actor!);
  await db().media.update({ where: { id: photo.id }, data: Object.fromEntries(FIELDS.map((f) => [f, text])) });
  return {
    library: await render(MediaLibraryPage({ searchParams: Promise.resolve({ q: text.slice(0, 200) }) })),
    photo: await render(MediaPage({ params: Promise.resolve({ id: photo.id }) })),
  };
}

let benign: Record<string, Markup>;

beforeAll(async () => {
  session.actor = (await createUser("EDITOR")).actor;
  benign = Object.fromEntries(Object.entries(await pagesShowing("Harmless words")).map(([page, markup]) => [page, inspectHtml(markup)]));
});
afterAll(() => stopQueue());

describe("hostile text in a photo's details, rendered by the Media pages", () => {
  it.each(curatedPayloads())("%s", { timeout: 60_000 }, async (payload) => {
    for (const [page, markup] of Object.entries(await pagesShowing(payload))) {
      const inspected = inspectHtml(markup);
      expect({ page, introduced: introduced(inspected, benign[page]) }).toEqual({ page, introduced: [] });
      // Shown, as text: the caption is the library row's link and the photo page's heading.
      expect({ page, shows: inspected.text.includes(payload) }).toEqual({ page, shows: true });
    }
  });
});
