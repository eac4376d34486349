import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { bodyToText, readBody } from "@/lib/body/story-body";
import type { ComparableRevision } from "@/lib/revisions/diff";
import { STATUS_LABELS } from "@/lib/stories/status";
import { StoryStatus, type RevisionKind } from "@/lib/generated/prisma/enums";

// Reads of a story's revision history for the desk. The whole desk is open to every staff member,
// so these take the actor only to keep the shape of every other lib read; none is refused.

export type RevisionListItem = { id: string; version: number; kind: RevisionKind; author: string | null; createdAt: string };

export type StoryForHistory = { id: string; slug: string; headline: string; version: number; status: StoryStatus; createdById: string };

export type RevisionPair = { from: ComparableRevision; to: ComparableRevision };

// Snapshots are JSON written by lib/stories/snapshot.ts over the years: fields added later (tags)
// are missing from older ones, so they default instead of failing the page.
const snapshotSchema = z.object({
  slug: z.string(),
  headline: z.string(),
  dek: z.string().default(""),
  body: z.unknown(),
  creditLine: z.string().default(""),
  status: z.enum(StoryStatus),
  sectionId: z.string().nullable().default(null),
  bylines: z.array(z.object({ userId: z.string().nullable(), name: z.string().nullable(), title: z.string().default("") })).default([]),
  related: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  // Snapshots from before stories had photos carry no lead: restoring one leaves the lead alone.
  leadMediaId: z.string().nullable().optional(),
  leadAlt: z.string().default(""),
  leadCaption: z.string().default(""),
  leadCredit: z.string().default(""),
  leadDecorative: z.boolean().default(false),
});

export type StorySnapshot = z.output<typeof snapshotSchema>;

/** A stored snapshot, parsed; one that cannot be read is a bug, not a person's mistake. */
export function readSnapshot(revisionId: string, stored: unknown): StorySnapshot {
  const parsed = snapshotSchema.safeParse(stored);
  if (!parsed.success) throw new Error(`Revision ${revisionId} has an unreadable snapshot: ${parsed.error.message}`);
  return parsed.data;
}

/** The story the history page is about: what it needs for its heading and its restore buttons. */
export async function getStoryForHistory(actor: Actor, storyId: string): Promise<StoryForHistory> {
  const story = await db().story.findUnique({
    where: { id: storyId },
    select: { id: true, slug: true, headline: true, version: true, status: true, createdById: true },
  });
  if (!story) throw new NotFoundError("No such story.");
  return story;
}

/** A story's revisions, newest first. */
export async function listRevisions(actor: Actor, storyId: string): Promise<RevisionListItem[]> {
  const story = await db().story.findUnique({
    where: { id: storyId },
    select: {
      revisions: {
        // Version breaks ties between revisions written in the same millisecond.
        orderBy: [{ createdAt: "desc" }, { version: "desc" }, { id: "asc" }],
        select: { id: true, version: true, kind: true, createdAt: true, author: { select: { name: true } } },
      },
    },
  });
  if (!story) throw new NotFoundError("No such story.");
  return story.revisions.map((r) => ({
    id: r.id,
    version: r.version,
    kind: r.kind,
    author: r.author?.name ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Two revisions of one story, each in the shape a person compares: names, headlines and text. */
export async function getRevisionPair(actor: Actor, storyId: string, fromId: string, toId: string): Promise<RevisionPair> {
  const revisions = await db().revision.findMany({ where: { storyId, id: { in: [fromId, toId] } }, select: { id: true, snapshot: true } });
  const snapshotOf = (id: string) => {
    const revision = revisions.find((r) => r.id === id);
    if (!revision) throw new NotFoundError("That revision does not belong to this story, or no longer exists.");
    return readSnapshot(revision.id, revision.snapshot);
  };
  const from = snapshotOf(fromId);
  const to = snapshotOf(toId);
  const names = await lookUpNames([from, to]);
  return { from: comparable(from, names), to: comparable(to, names) };
}

type Names = {
  sections: Map<string, string>;
  users: Map<string, { name: string; title: string }>;
  tags: Map<string, string>;
  stories: Map<string, string>;
};

/** One query per kind of name, for every id either snapshot mentions. */
async function lookUpNames(snapshots: StorySnapshot[]): Promise<Names> {
  const sectionIds = snapshots.flatMap((s) => (s.sectionId ? [s.sectionId] : []));
  const userIds = snapshots.flatMap((s) => s.bylines.flatMap((b) => (b.userId ? [b.userId] : [])));
  const tagIds = snapshots.flatMap((s) => s.tags);
  const storyIds = snapshots.flatMap((s) => s.related);
  const [sections, users, tags, stories] = await Promise.all([
    db().section.findMany({ where: { id: { in: sectionIds } }, select: { id: true, name: true } }),
    db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, title: true } }),
    db().tag.findMany({ where: { id: { in: tagIds } }, select: { id: true, name: true } }),
    db().story.findMany({ where: { id: { in: storyIds } }, select: { id: true, headline: true } }),
  ]);
  return {
    sections: new Map(sections.map((s) => [s.id, s.name])),
    users: new Map(users.map((u) => [u.id, { name: u.name, title: u.title }])),
    tags: new Map(tags.map((t) => [t.id, t.name])),
    stories: new Map(stories.map((s) => [s.id, s.headline])),
  };
}

function comparable(snapshot: StorySnapshot, names: Names): ComparableRevision {
  return {
    headline: snapshot.headline,
    dek: snapshot.dek,
    slug: snapshot.slug,
    section: snapshot.sectionId ? (names.sections.get(snapshot.sectionId) ?? "(deleted section)") : "",
    status: STATUS_LABELS[snapshot.status],
    creditLine: snapshot.creditLine,
    bylines: snapshot.bylines.map((byline) => {
      // As on the public page: a staff byline shows the person's current name, and their own title
      // unless the story gave one.
      const staff = byline.userId ? names.users.get(byline.userId) : undefined;
      const name = byline.userId ? (staff?.name ?? "(former staff member)") : (byline.name ?? "");
      const title = byline.title || staff?.title || "";
      return title ? `${name}, ${title}` : name;
    }),
    tags: snapshot.tags.map((id) => names.tags.get(id) ?? "(deleted tag)"),
    related: snapshot.related.map((id) => names.stories.get(id) ?? "(deleted story)"),
    body: bodyToText(readBody(snapshot.body)),
  };
}
