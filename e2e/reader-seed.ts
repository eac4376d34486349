// Rows for the reader journeys, written straight into the test server's database through the same
// Prisma client factory the app uses. The database is the one scripts/e2e.ts gave the run: its
// DATABASE_URL, or the built-in PostgreSQL the launcher recorded in the data folder's runtime.json.
// Stories written this way bypass the app's cache expiry, so journeys use them only on pages that no
// one has asked for yet (a new section, tag or author).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { textToBody } from "@/lib/body/story-body";
import type { StoryStatus } from "@/lib/generated/prisma/enums";

let client: Db | undefined;

const HELD_BACK: Record<StoryStatus, string> = { DRAFT: "one", IN_REVIEW: "two", SCHEDULED: "three", UNPUBLISHED: "four", PUBLISHED: "" };

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is not set: run the suite with npm run test:e2e");
  return (JSON.parse(readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string }).databaseUrl;
}

export function testDb(): Db {
  client ??= createPrismaClient(databaseUrl(), 2);
  return client;
}

export const uniqueSuffix = () => `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;

export type SeededDesk = {
  section: { slug: string; name: string };
  tag: { slug: string; name: string };
  author: { slug: string; name: string; title: string; bio: string };
  /** Published, newest first. */
  published: { slug: string; headline: string }[];
  /** Draft, in review, scheduled and unpublished: never on a public page. */
  hidden: { slug: string; headline: string; status: StoryStatus }[];
};

/**
 * A new section, tag and staff writer with `count` published stories (a minute apart, all in the
 * section, with the tag, under the writer's byline) and one story of every status readers must not
 * see, dated newer than all of them. With `photos`, every story has a demo photo as its lead.
 */
export async function seedDesk(count: number, label = "Desk", options: { photos?: boolean } = {}): Promise<SeededDesk> {
  const db = testDb();
  const id = uniqueSuffix();
  // With photos: each story leads with one of the demo photos (made at first start), so listings show crops.
  const photos = options.photos ? await db.media.findMany({ where: { status: "READY" }, orderBy: { createdAt: "asc" }, take: 4, select: { id: true } }) : [];
  const section = await db.section.create({
    data: { slug: `${label.toLowerCase()}-${id}`, name: `${label} ${id}`, position: 1000 },
    select: { id: true, slug: true, name: true },
  });
  const tag = await db.tag.create({
    data: { slug: `${label.toLowerCase()}-tag-${id}`, name: `${label} tag ${id}` },
    select: { id: true, slug: true, name: true },
  });
  const name = `Writer ${id}`;
  const author = await db.user.create({
    data: {
      email: `writer-${id}@newsroom.test`,
      name,
      slug: `writer-${id}`,
      title: "staff writer",
      bio: `${name} covers the ${label.toLowerCase()} desk.`,
      passwordHash: "not-a-login",
      role: "REPORTER",
    },
    select: { id: true, slug: true, name: true, title: true, bio: true },
  });
  // A year back, so that these stories never push the demo content off the front page or the latest
  // lists that other journeys look at.
  const start = Date.now() - 365 * 86_400_000;
  const create = async (index: number, status: StoryStatus, publishedAt: Date | null) => {
    // No status words in headlines: the editor's related-story search lists published headlines as
    // buttons, and "Publish" or "Save draft" must stay the only buttons of those names.
    const kind = status === "PUBLISHED" ? "story" : `held back ${HELD_BACK[status]}`;
    const headline = `${label} ${kind} ${index} ${id}`;
    const slug = `${label.toLowerCase()}-${kind.replace(/ /g, "-")}-${index}-${id}`;
    await db.story.create({
      data: {
        slug,
        headline,
        dek: `Dek of ${headline}.`,
        body: textToBody(`Body of ${headline}.`),
        status,
        sectionId: section.id,
        firstPublishedAt: publishedAt,
        lastUpdatedAt: publishedAt,
        scheduledAt: status === "SCHEDULED" ? new Date(Date.now() + 86_400_000) : null,
        createdById: author.id,
        tags: { create: [{ tagId: tag.id, position: 0 }] },
        bylines: { create: [{ position: 0, userId: author.id }] },
        ...(photos.length
          ? { leadMediaId: photos[index % photos.length].id, media: { create: [{ mediaId: photos[index % photos.length].id, lead: true }] } }
          : {}),
      },
    });
    return { slug, headline, status };
  };
  const published = [];
  for (let i = 1; i <= count; i++) published.push(await create(i, "PUBLISHED", new Date(start + i * 60_000)));
  const hidden = [];
  const newer = new Date(start + (count + 5) * 60_000);
  for (const status of ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"] as const) {
    hidden.push(await create(count + 1, status, status === "DRAFT" || status === "IN_REVIEW" ? null : newer));
  }
  return {
    section: { slug: section.slug, name: section.name },
    tag: { slug: tag.slug, name: tag.name },
    author: { slug: author.slug!, name: author.name, title: author.title, bio: author.bio },
    published: published.reverse().map(({ slug, headline }) => ({ slug, headline })),
    hidden,
  };
}
