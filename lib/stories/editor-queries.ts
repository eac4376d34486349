import "server-only";
import { containsText } from "@/lib/text/contains";
import { withoutUnstorable } from "@/lib/text/storable";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { readBody } from "@/lib/body/story-body";
import { canDeleteStory, canEditStory, canReadStory } from "@/lib/stories/mutations";
import type { StoryInput } from "@/lib/stories/schemas";
import type { StoryStatus, UpdateKind } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { databaseNow } from "@/lib/stories/visibility";
import { embargoInForce } from "@/lib/stories/embargo-rules";

// Reads for the editor area: always dynamic, always for a named actor, and shaped as DTOs that are
// safe to hand to client components.

export const DESK_PAGE_SIZE = 50;

export type DeskRow = {
  id: string;
  headline: string;
  slug: string;
  status: StoryStatus;
  section: string | null;
  createdBy: string;
  updatedAt: string;
  scheduledAt: string | null;
  /** Scheduled changes: how many were held for a look, and when the next waiting one goes live. */
  changes: { held: number; nextRunAt: string | null };
  /** The lift of an embargo that holds the story now (by the database's clock). */
  embargoUntil: string | null;
};

/** `embargoed`: only stories an embargo holds now. */
export type DeskFilters = { status?: StoryStatus; sectionId?: string; authorId?: string; q?: string; embargoed?: boolean; page?: number };

/** The desk: stories by status, section and author (creator or byline), headline search, newest change first. */
export async function listStoriesForDesk(actor: Actor, filters: DeskFilters = {}) {
  const page = Math.max(1, Math.min(filters.page ?? 1, 10_000));
  const q = withoutUnstorable(filters.q ?? "")
    .trim()
    .slice(0, 200);
  const now = await databaseNow();
  const where: Prisma.StoryWhereInput = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.embargoed ? { embargoUntil: { gt: now } } : {}),
    ...(filters.sectionId ? { sectionId: filters.sectionId } : {}),
    ...(filters.authorId ? { OR: [{ createdById: filters.authorId }, { bylines: { some: { userId: filters.authorId } } }] } : {}),
    // Served by the trigram index on headline (prisma/migrations/*_editor_workflow).
    ...(q ? { headline: containsText(q) } : {}),
  };
  const [rows, total] = await Promise.all([
    db().story.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * DESK_PAGE_SIZE,
      take: DESK_PAGE_SIZE,
      select: {
        id: true,
        headline: true,
        slug: true,
        status: true,
        updatedAt: true,
        scheduledAt: true,
        embargoUntil: true,
        section: { select: { name: true } },
        createdBy: { select: { name: true } },
        scheduledChanges: { where: { status: { in: ["PENDING", "HELD"] } }, orderBy: { runAt: "asc" }, select: { status: true, runAt: true } },
      },
    }),
    db().story.count({ where }),
  ]);
  const stories: DeskRow[] = rows.map((row) => ({
    id: row.id,
    headline: row.headline,
    slug: row.slug,
    status: row.status,
    section: row.section?.name ?? null,
    createdBy: row.createdBy.name,
    updatedAt: row.updatedAt.toISOString(),
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    changes: {
      held: row.scheduledChanges.filter((c) => c.status === "HELD").length,
      nextRunAt: row.scheduledChanges.find((c) => c.status === "PENDING")?.runAt.toISOString() ?? null,
    },
    embargoUntil: embargoInForce(row.embargoUntil, now)?.toISOString() ?? null,
  }));
  return { stories, total, page, pageCount: Math.max(1, Math.ceil(total / DESK_PAGE_SIZE)), canCreate: can(actor, "story.create") };
}

/** An update-log entry as the desk sees it: with its kind, withdrawal and earlier wordings, oldest first. */
export type EditorLogEntry = {
  id: string;
  kind: UpdateKind;
  occurredAt: string;
  note: string;
  significant: boolean;
  author: string | null;
  withdrawn: { at: string; reason: string } | null;
  previousWordings: { note: string; occurredAt: string; editedAt: string; editedBy: string | null }[];
};

export type StoryEditorData = {
  id: string;
  version: number;
  status: StoryStatus;
  slug: string;
  values: StoryInput;
  firstPublishedAt: string | null;
  /** Live coverage is on (lib/stories/live.ts). */
  live: boolean;
  updates: EditorLogEntry[];
  /** The lift of an embargo that holds the story now (by the database's clock). */
  embargoUntil: string | null;
  /** `live`: may start or end live coverage (ending stays possible if the story was unpublished mid-coverage). */
  /** `backdate`: may set the original publication time of this published story (lib/stories/original-publication.ts). */
  permissions: {
    edit: boolean;
    publish: boolean;
    submit: boolean;
    addUpdate: boolean;
    live: boolean;
    delete: boolean;
    backdate: boolean;
    shortenEmbargo: boolean;
  };
};

export async function getStoryForEditor(actor: Actor, storyId: string): Promise<StoryEditorData> {
  const story = await db().story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      version: true,
      status: true,
      slug: true,
      headline: true,
      dek: true,
      body: true,
      creditLine: true,
      sectionId: true,
      leadMediaId: true,
      leadAlt: true,
      leadCaption: true,
      leadCredit: true,
      leadDecorative: true,
      createdById: true,
      firstPublishedAt: true,
      embargoUntil: true,
      live: true,
      bylines: { orderBy: { position: "asc" }, select: { userId: true, name: true, title: true } },
      related: { orderBy: { position: "asc" }, select: { relatedId: true } },
      tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true } } } },
      updates: {
        orderBy: [{ occurredAt: "desc" }, { createdAt: "desc" }],
        select: {
          id: true,
          kind: true,
          occurredAt: true,
          note: true,
          significant: true,
          withdrawnAt: true,
          withdrawnReason: true,
          author: { select: { name: true } },
          edits: {
            orderBy: { editedAt: "asc" },
            select: { previousNote: true, previousOccurredAt: true, editedAt: true, editedBy: { select: { name: true } } },
          },
        },
      },
    },
  });
  if (!story) throw new NotFoundError("No such story.");
  if (!canReadStory(actor, story)) throw new ForbiddenError("You cannot open this story in the newsroom.");
  const editable = canEditStory(actor, story);
  const embargoUntil = embargoInForce(story.embargoUntil, await databaseNow());
  return {
    id: story.id,
    version: story.version,
    status: story.status,
    slug: story.slug,
    firstPublishedAt: story.firstPublishedAt?.toISOString() ?? null,
    live: story.live,
    embargoUntil: embargoUntil?.toISOString() ?? null,
    values: {
      headline: story.headline,
      slug: story.slug,
      dek: story.dek,
      body: readBody(story.body),
      sectionId: story.sectionId ?? "",
      creditLine: story.creditLine,
      bylines: story.bylines.map((b) => ({ userId: b.userId ?? "", name: b.name ?? "", title: b.title })),
      relatedIds: story.related.map((r) => r.relatedId),
      tags: story.tags.map((t) => t.tag.name).join(", "),
      leadMediaId: story.leadMediaId ?? "",
      leadAlt: story.leadAlt,
      leadCaption: story.leadCaption,
      leadCredit: story.leadCredit,
      leadDecorative: story.leadDecorative,
    },
    updates: story.updates.map((u) => ({
      id: u.id,
      kind: u.kind,
      occurredAt: u.occurredAt.toISOString(),
      note: u.note,
      significant: u.significant,
      author: u.author?.name ?? null,
      withdrawn: u.withdrawnAt ? { at: u.withdrawnAt.toISOString(), reason: u.withdrawnReason ?? "" } : null,
      previousWordings: u.edits.map((e) => ({
        note: e.previousNote,
        occurredAt: e.previousOccurredAt.toISOString(),
        editedAt: e.editedAt.toISOString(),
        editedBy: e.editedBy?.name ?? null,
      })),
    })),
    permissions: {
      edit: editable,
      publish: editable && can(actor, "story.publish"),
      submit: editable && can(actor, "story.submit") && (story.status === "DRAFT" || story.status === "UNPUBLISHED"),
      addUpdate: can(actor, "story.update.add") && story.status === "PUBLISHED",
      live: can(actor, "story.update.add") && (story.status === "PUBLISHED" || story.live),
      delete: !story.firstPublishedAt && canDeleteStory(actor, story),
      backdate: can(actor, "story.backdate") && story.status === "PUBLISHED",
      shortenEmbargo: editable && can(actor, "story.embargo.shorten"),
    },
  };
}

export type StoryFormOptions = {
  sections: { id: string; name: string }[];
  staff: { id: string; name: string; title: string }[];
  relatedCandidates: { id: string; headline: string }[];
  tags: string[];
};

/** Sections and active staff: what the desk's filters offer, and part of the story form's choices. */
export async function listSectionsAndStaff(): Promise<Pick<StoryFormOptions, "sections" | "staff">> {
  const [sections, staff] = await Promise.all([
    db().section.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
    db().user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, title: true } }),
  ]);
  return { sections, staff };
}

/** The choices the story form offers: sections, staff for bylines, tags, and the headlines of its related stories. */
export async function getStoryFormOptions(relatedIds: string[] = []): Promise<StoryFormOptions> {
  const [{ sections, staff }, relatedCandidates, tags] = await Promise.all([
    listSectionsAndStaff(),
    relatedIds.length ? db().story.findMany({ where: { id: { in: relatedIds } }, select: { id: true, headline: true } }) : [],
    db().tag.findMany({ orderBy: { name: "asc" }, take: 1000, select: { name: true } }),
  ]);
  return { sections, staff, relatedCandidates, tags: tags.map((t) => t.name) };
}

/** Published stories whose headline contains the words typed (served by the trigram index), newest first. */
export async function searchStoriesToRelate(
  query: string,
  excludeStoryId: string | null,
  sectionId: string | null = null,
): Promise<{ id: string; headline: string }[]> {
  const q = withoutUnstorable(query).trim().slice(0, 200);
  return db().story.findMany({
    where: {
      status: "PUBLISHED",
      ...(excludeStoryId ? { id: { not: excludeStoryId } } : {}),
      ...(sectionId ? { sectionId } : {}),
      ...(q ? { headline: containsText(q) } : {}),
    },
    orderBy: { firstPublishedAt: "desc" },
    take: 10,
    select: { id: true, headline: true },
  });
}
