import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { bodyPlainText, readBody } from "@/lib/body/story-body";
import { isSubstantiveChange } from "@/lib/stories/freshness";
import { updateStoryAtVersion } from "@/lib/stories/versioned-update";
import { listingTags, publicTags } from "@/lib/stories/public-tags";
import { recordPublishedVersion } from "@/lib/history/record";
import { writeRevision } from "@/lib/revisions/write";
import { addLogEntry } from "@/lib/updates/mutations";
import { assertPhotosExist, photoUses, photosMissingForPublication, syncStoryMedia } from "@/lib/media/story-photos";
import type { StoryIntent, StoryValues } from "@/lib/stories/schemas";
import type { RevisionKind, StoryStatus } from "@/lib/generated/prisma/enums";
import { Prisma } from "@/lib/generated/prisma/client";
import { databaseNow } from "@/lib/stories/visibility";
import { embargoedUntilText, embargoInForce, newsroomTimeZone } from "@/lib/stories/embargo-rules";
import { enqueuePublish } from "@/lib/scheduling/queue";

// Every write to a story: authorize against the loaded row, write in one transaction with its
// revision and audit event, and return the cache tags the change makes stale for readers.

export type StoryWriteResult = {
  storyId: string;
  slug: string;
  version: number;
  status: StoryStatus;
  tags: string[];
  /** Publish on an embargoed story: it was scheduled for the lift instead, and this says so. */
  notice?: string;
};

type LoadedStory = {
  id: string;
  slug: string;
  status: StoryStatus;
  createdById: string;
  version: number;
  firstPublishedAt: Date | null;
  embargoUntil: Date | null;
  section: { slug: string } | null;
};

const loadSelect = {
  id: true,
  slug: true,
  status: true,
  createdById: true,
  version: true,
  firstPublishedAt: true,
  embargoUntil: true,
  section: { select: { slug: true } },
} as const;

const STORED_PHOTOS_SELECT = { body: true, leadMediaId: true, leadAlt: true, leadCaption: true, leadCredit: true, leadDecorative: true } as const;

function readStoredPhotos(stored: {
  body: unknown;
  leadMediaId: string | null;
  leadAlt: string;
  leadCaption: string;
  leadCredit: string;
  leadDecorative: boolean;
}) {
  return { ...stored, body: readBody(stored.body) };
}

/** Reporters edit their own stories until publication; editors and admins edit any story. */
export function canEditStory(actor: Actor, story: Pick<LoadedStory, "createdById" | "status">): boolean {
  if (can(actor, "story.edit.any")) return true;
  return can(actor, "story.edit.own") && story.createdById === actor.id && (story.status === "DRAFT" || story.status === "IN_REVIEW");
}

/** Who may open a story in the newsroom (its editor page, its current version, its presence): the staff who hold story.read, and anyone who may edit it. */
export function canReadStory(actor: Actor, story: Pick<LoadedStory, "createdById" | "status">): boolean {
  return can(actor, "story.read") || canEditStory(actor, story);
}

/**
 * Who may delete a story (never-published ones only, checked apart): those holding story.delete, and
 * its author under the same status rules as editing it, so that a story an editor has scheduled is
 * no longer its reporter's to delete.
 */
export function canDeleteStory(actor: Actor, story: Pick<LoadedStory, "createdById" | "status">): boolean {
  return can(actor, "story.delete") || canEditStory(actor, story);
}

async function loadForWrite(tx: Tx, storyId: string): Promise<LoadedStory> {
  const story = await tx.story.findUnique({ where: { id: storyId }, select: loadSelect });
  if (!story) throw new NotFoundError("This story no longer exists; it may have been deleted. Your text is still in the form: copy it before you leave.");
  return story;
}

/** The story a first save already made under the browser's id, if any; waits for a first save still running. */
async function loadRetriedCreate(tx: Tx, actor: Actor, newStoryId: string): Promise<LoadedStory | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${newStoryId}, 0))`;
  const story = await tx.story.findUnique({ where: { id: newStoryId }, select: loadSelect });
  if (story && story.createdById !== actor.id) {
    throw new ForbiddenError(
      "This form sent data the server cannot accept (the page may be out of date, or was changed). Nothing was saved. Reload the page and try again; copy what you typed first.",
    );
  }
  return story;
}

/** What publishing needs; the list a person sees when publishing is refused. */
export function missingForPublication(values: Pick<StoryValues, "headline" | "bylines" | "sectionId" | "body">): string[] {
  const missing: string[] = [];
  if (!values.headline.trim()) missing.push("a headline");
  if (values.bylines.length === 0) missing.push("a byline");
  if (!values.sectionId) missing.push("a section");
  if (!bodyPlainText(values.body).trim()) missing.push("a body");
  return missing;
}

async function assertSlugFree(tx: Tx, slug: string, storyId: string | null) {
  const holder = await tx.story.findUnique({ where: { slug }, select: { id: true } });
  if (holder && holder.id !== storyId) {
    throw new InvalidError("That slug is taken.", { slug: ["Another story already uses this slug. Choose a different one."] });
  }
}

async function assertReferencesExist(tx: Tx, values: StoryValues, storyId: string | null) {
  if (values.sectionId && !(await tx.section.findUnique({ where: { id: values.sectionId }, select: { id: true } }))) {
    throw new InvalidError("That section no longer exists.", { sectionId: ["That section no longer exists. Choose another."] });
  }
  const staffIds = values.bylines.flatMap((b) => (b.userId ? [b.userId] : []));
  if (staffIds.length) {
    const found = await tx.user.count({ where: { id: { in: staffIds } } });
    if (found !== new Set(staffIds).size)
      throw new InvalidError("A byline names someone who is not on the staff list.", { bylines: ["Choose staff bylines from the list."] });
  }
  if (values.relatedIds.includes(storyId ?? ""))
    throw new InvalidError("A story cannot be related to itself.", { relatedIds: ["A story cannot be related to itself."] });
  if (values.relatedIds.length) {
    const found = await tx.story.count({ where: { id: { in: values.relatedIds } } });
    if (found !== values.relatedIds.length)
      throw new InvalidError("A related story no longer exists.", { relatedIds: ["A related story no longer exists. Remove it and try again."] });
  }
  await assertPhotosExist(tx, values);
}

/** Finds the story's tags by slug; only people who manage tags may bring new ones into being. */
async function resolveTags(tx: Tx, actor: Actor, tags: StoryValues["tags"]): Promise<string[]> {
  if (tags.length === 0) return [];
  const existing = await tx.tag.findMany({ where: { slug: { in: tags.map((t) => t.slug) } }, select: { id: true, slug: true } });
  const bySlug = new Map(existing.map((t) => [t.slug, t.id]));
  const missing = tags.filter((t) => !bySlug.has(t.slug));
  if (missing.length && !can(actor, "section.manage")) {
    const names = missing.map((t) => `"${t.name}"`).join(", ");
    throw new InvalidError("Only editors can create new tags.", {
      tags: [
        `${names} ${missing.length === 1 ? "is not a tag yet" : "are not tags yet"}; choose existing tags or ask an editor to add ${missing.length === 1 ? "it" : "them"}.`,
      ],
    });
  }
  for (const tag of missing) {
    const created = await tx.tag.upsert({ where: { slug: tag.slug }, create: tag, update: {}, select: { id: true } });
    await recordAudit(tx, { actor, action: "tag.create", entityType: "tag", entityId: created.id, data: { name: tag.name, slug: tag.slug } });
    bySlug.set(tag.slug, created.id);
  }
  return tags.map((t) => bySlug.get(t.slug)!);
}

async function writeChildren(tx: Tx, actor: Actor, storyId: string, values: StoryValues) {
  const tagIds = await resolveTags(tx, actor, values.tags);
  await tx.byline.deleteMany({ where: { storyId } });
  await tx.relatedStory.deleteMany({ where: { storyId } });
  await tx.storyTag.deleteMany({ where: { storyId } });
  await tx.storyTag.createMany({ data: tagIds.map((tagId, position) => ({ storyId, tagId, position })) });
  await tx.byline.createMany({
    data: values.bylines.map((b, position) => ({ storyId, position, userId: b.userId, name: b.userId ? null : b.name, title: b.title })),
  });
  await tx.relatedStory.createMany({ data: values.relatedIds.map((relatedId, position) => ({ storyId, relatedId, position })) });
  await syncStoryMedia(tx, storyId, values);
}

function nextStatus(actor: Actor, current: StoryStatus | null, intent: StoryIntent): StoryStatus {
  if (intent === "publish") {
    if (!can(actor, "story.publish")) throw new ForbiddenError("Only editors can publish. Submit the story for review instead.");
    return "PUBLISHED";
  }
  if (intent === "submit") {
    if (!can(actor, "story.submit")) throw new ForbiddenError("You cannot submit stories for review.");
    if (current === "PUBLISHED" || current === "SCHEDULED") throw new InvalidError("This story is already published or scheduled.");
    return "IN_REVIEW";
  }
  return current ?? "DRAFT";
}

/**
 * What every create and update checks and clears before it writes the story's content with `status`:
 * that a story going public has what readers need, that what it names exists, and that its slug is
 * free. A story that takes a slug another story once had wins it: that old address now shows this story.
 */
async function prepareContent(tx: Tx, values: StoryValues, status: StoryStatus, current: LoadedStory | null) {
  const missing = status === "PUBLISHED" ? [...missingForPublication(values), ...(await photosMissingForPublication(tx, values))] : [];
  if (missing.length) {
    const verb = current?.status === "PUBLISHED" ? "stay published" : "be published yet";
    throw new InvalidError(`This story cannot ${verb}. It needs ${missing.join(", ")}.`);
  }
  await assertReferencesExist(tx, values, current?.id ?? null);
  await assertSlugFree(tx, values.slug, current?.id ?? null);
  await tx.redirect.deleteMany({ where: { fromSlug: values.slug } });
  return {
    slug: values.slug,
    headline: values.headline,
    dek: values.dek,
    body: values.body,
    creditLine: values.creditLine,
    sectionId: values.sectionId,
    leadMediaId: values.leadMediaId,
    leadAlt: values.leadAlt,
    leadCaption: values.leadCaption,
    leadCredit: values.leadCredit,
    leadDecorative: values.leadDecorative,
  };
}

/** Runs a write of a story's slug; another story taking the same slug at once is the same refusal as one that had it before. */
export async function refusingTakenSlug<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new InvalidError("That slug is taken.", { slug: ["Another story already uses this slug. Choose a different one."] });
    }
    throw error;
  }
}

/**
 * Creates a story. The intent decides its status: "save" makes a draft, "submit" sends it for
 * review, "publish" makes it public at once.
 */
export async function createStory(actor: Actor, input: { id?: string; values: StoryValues; intent: StoryIntent }): Promise<StoryWriteResult> {
  const { values, intent } = input;
  return refusingTakenSlug(() =>
    db().$transaction(async (tx) => {
      // Authorize first: a refused actor learns nothing about slugs or other stories.
      if (!can(actor, "story.create")) throw new ForbiddenError("You cannot create stories.");
      if (input.id) {
        // The browser names a new story before its first save, so a retry whose first answer was lost
        // saves into the story that first save made (based on its first version), never a second one.
        const retried = await loadRetriedCreate(tx, actor, input.id);
        if (retried) return saveExisting(tx, actor, retried, { baseVersion: 1, values, intent });
      }
      const status = nextStatus(actor, null, intent);
      const data = await prepareContent(tx, values, status, null);
      const published = status === "PUBLISHED";
      const now = new Date();
      const story = await tx.story.create({
        data: {
          ...data,
          ...(input.id ? { id: input.id } : {}),
          status,
          createdById: actor.id,
          firstPublishedAt: published ? now : null,
          lastUpdatedAt: published ? now : null,
        },
        select: { id: true, slug: true, version: true, status: true, section: { select: { slug: true } } },
      });
      await writeChildren(tx, actor, story.id, values);
      await writeRevision(tx, story.id, story.version, published ? "PUBLISH" : "CREATE", actor);
      await recordAudit(tx, {
        actor,
        action: published ? "story.publish" : "story.create",
        entityType: "story",
        entityId: story.id,
        data: { slug: story.slug },
      });
      // What readers saw joins the public, hash-chained history (lib/history).
      if (published) await recordPublishedVersion(tx, story.id);
      const tags = published ? await publicTags(tx, story.id, [story.slug], [story.section?.slug]) : [];
      return { storyId: story.id, slug: story.slug, version: story.version, status: story.status, tags };
    }),
  );
}

/**
 * Saves a story, based on `baseVersion`. The intent decides the status: "save" keeps it (a published
 * story stays live with the new text), "submit" sends it for review, "publish" makes it public. A save
 * based on an old version is refused with ConflictError.
 */
export async function updateStory(
  actor: Actor,
  params: { storyId: string; baseVersion: number; values: StoryValues; intent: StoryIntent; autosave?: boolean },
): Promise<StoryWriteResult> {
  // Authorize first (in saveExisting): a refused actor learns nothing about slugs or other stories.
  const result = await refusingTakenSlug(() => db().$transaction(async (tx) => saveExisting(tx, actor, await loadForWrite(tx, params.storyId), params)));
  if (result.heldUntil) {
    // After the commit, so that the job never runs ahead of the row it checks (as scheduling does).
    try {
      await enqueuePublish(result.storyId, result.heldUntil);
    } catch (error) {
      console.error(`[scheduler] Story ${result.storyId} waits for its embargo, but its job could not be queued; the catch-up will publish it.`, error);
    }
  }
  return { storyId: result.storyId, slug: result.slug, version: result.version, status: result.status, tags: result.tags, notice: result.notice };
}

/**
 * updateStory inside a transaction the caller holds, for writes that must commit together with the
 * save (a scheduled change marks itself applied in the same transaction). Run it under refusingTakenSlug.
 */
export async function updateStoryInTransaction(
  tx: Tx,
  actor: Actor,
  params: { storyId: string; baseVersion: number; values: StoryValues; intent: StoryIntent },
): Promise<StoryWriteResult> {
  return saveExisting(tx, actor, await loadForWrite(tx, params.storyId), params);
}

async function saveExisting(
  tx: Tx,
  actor: Actor,
  current: LoadedStory,
  params: { baseVersion: number; values: StoryValues; intent: StoryIntent; autosave?: boolean },
): Promise<StoryWriteResult & { heldUntil?: Date }> {
  const { values, intent } = params;
  const autosave = params.autosave === true && intent === "save";
  {
    {
      if (!canEditStory(actor, current)) {
        throw new ForbiddenError(
          current.createdById === actor.id
            ? "This story is published or scheduled; only an editor can change it now."
            : "You can edit only stories you created.",
        );
      }
      let status = nextStatus(actor, current.status, intent);
      // Nobody publishes an embargoed story, admins included. Publish is the editor's approval, so it
      // becomes a schedule at the lift (lib/stories/embargo.ts): the story goes live by itself then.
      const heldUntil = status === "PUBLISHED" && current.status !== "PUBLISHED" ? embargoInForce(current.embargoUntil, await databaseNow(tx)) : null;
      if (heldUntil) {
        const missing = missingForPublication(values);
        if (missing.length) throw new InvalidError(`This story cannot be published yet. It needs ${missing.join(", ")}.`);
        status = "SCHEDULED";
      }
      if (autosave && (status === "PUBLISHED" || status === "SCHEDULED")) {
        // Readers would see every pause in the typing; published and scheduled stories change only on purpose.
        throw new InvalidError("Published and scheduled stories are not autosaved. Use Save changes when the edit is ready.");
      }
      const data = await prepareContent(tx, values, status, current);
      const photosBefore = photoUses(readStoredPhotos(await tx.story.findUniqueOrThrow({ where: { id: current.id }, select: STORED_PHOTOS_SELECT })));
      const now = new Date();
      const becomesPublic = status === "PUBLISHED" && current.status !== "PUBLISHED";
      // An edit of a live story freshens it (moves "Updated") only when readers get something new.
      let freshens = false;
      if (status === "PUBLISHED" && current.status === "PUBLISHED") {
        const before = await tx.story.findUniqueOrThrow({ where: { id: current.id }, select: { headline: true, body: true } });
        freshens = isSubstantiveChange(
          { headline: before.headline, body: bodyPlainText(readBody(before.body)) },
          { headline: values.headline, body: bodyPlainText(values.body) },
        );
      }
      const version = await updateStoryAtVersion(tx, {
        storyId: current.id,
        baseVersion: params.baseVersion,
        currentVersion: current.version,
        data: {
          ...data,
          status,
          // Publishing a scheduled story now: its pending time no longer applies (the job then does nothing).
          ...(becomesPublic ? { firstPublishedAt: current.firstPublishedAt ?? now, lastUpdatedAt: now, scheduledAt: null } : {}),
          ...(freshens ? { lastUpdatedAt: now } : {}),
          ...(heldUntil ? { scheduledAt: heldUntil } : {}),
        },
        message:
          "Someone else saved this story after you opened it. Nothing was overwritten: your version is still in the form. Open the latest version in a new tab to compare, then copy your changes into it.",
      });
      const slugChanged = current.slug !== values.slug;
      if (slugChanged && current.firstPublishedAt) {
        // Readers and search engines have seen the old address: it keeps working, permanently.
        await tx.redirect.upsert({
          where: { fromSlug: current.slug },
          create: { fromSlug: current.slug, storyId: current.id },
          update: { storyId: current.id },
        });
      }
      const listedBefore = current.status === "PUBLISHED" ? await listingTags(tx, current.id) : [];
      await writeChildren(tx, actor, current.id, values);
      const kind: RevisionKind = becomesPublic ? "PUBLISH" : autosave ? "AUTOSAVE" : "SAVE";
      const revision = await writeRevision(tx, current.id, version, kind, actor);
      const action = becomesPublic
        ? "story.publish"
        : heldUntil
          ? "story.schedule"
          : intent === "submit"
            ? "story.submit"
            : autosave
              ? "story.autosave"
              : "story.save";
      const auditData = heldUntil ? { version, publishAt: heldUntil.toISOString(), embargoed: true } : { version };
      // A coalesced autosave adds nothing to the trail that its first autosave did not record.
      if (!revision.coalesced) await recordAudit(tx, { actor, action, entityType: "story", entityId: current.id, data: auditData });
      // So is a change of photos or of what they say (a replaced lead, a new caption or credit), with
      // before and after, except while autosaving: the manual save that follows records it.
      const photosAfter = photoUses(values);
      if (!autosave && JSON.stringify(photosBefore) !== JSON.stringify(photosAfter)) {
        await recordAudit(tx, {
          actor,
          action: "story.photos.change",
          entityType: "story",
          entityId: current.id,
          data: { version, before: photosBefore, after: photosAfter },
        });
      }
      // A new address is its own event (old links now redirect, or break for a never-published story).
      if (slugChanged) {
        await recordAudit(tx, {
          actor,
          action: "story.slug.change",
          entityType: "story",
          entityId: current.id,
          data: { fromSlug: current.slug, toSlug: values.slug, version },
        });
      }
      if (status === "PUBLISHED") await recordPublishedVersion(tx, current.id);
      const section = values.sectionId ? await tx.section.findUnique({ where: { id: values.sectionId }, select: { slug: true } }) : null;
      const tags =
        status === "PUBLISHED" ? await publicTags(tx, current.id, [current.slug, values.slug], [current.section?.slug, section?.slug], listedBefore) : [];
      if (heldUntil) {
        const notice = `${embargoedUntilText(heldUntil, await newsroomTimeZone(tx))} Not published now: it is scheduled and goes live by itself then.`;
        return { storyId: current.id, slug: values.slug, version, status, tags, notice, heldUntil };
      }
      return { storyId: current.id, slug: values.slug, version, status, tags };
    }
  }
}

/** Takes a published story off the public site; it keeps its first-publication time for a later re-publish. */
export async function unpublishStory(actor: Actor, storyId: string, baseVersion: number): Promise<StoryWriteResult> {
  if (!can(actor, "story.publish")) throw new ForbiddenError("Only editors can unpublish stories.");
  return db().$transaction(async (tx) => {
    const current = await loadForWrite(tx, storyId);
    if (current.status !== "PUBLISHED") throw new InvalidError("This story is not published.");
    const version = await updateStoryAtVersion(tx, { storyId, baseVersion, currentVersion: current.version, data: { status: "UNPUBLISHED" } });
    await writeRevision(tx, storyId, version, "UNPUBLISH", actor);
    await recordAudit(tx, { actor, action: "story.unpublish", entityType: "story", entityId: storyId });
    const tags = await publicTags(tx, storyId, [current.slug], [current.section?.slug]);
    return { storyId, slug: current.slug, version, status: "UNPUBLISHED", tags };
  });
}

/** Deletes a story that readers never saw. Published stories are unpublished, never deleted. */
export async function deleteStory(actor: Actor, storyId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const current = await loadForWrite(tx, storyId);
    if (!canDeleteStory(actor, current))
      throw new ForbiddenError("You can delete only your own stories, and only while you can still edit them (before an editor schedules or publishes them).");
    if (current.firstPublishedAt) throw new InvalidError("This story has been published; unpublish it instead of deleting it.");
    await tx.story.delete({ where: { id: storyId } });
    await recordAudit(tx, { actor, action: "story.delete", entityType: "story", entityId: storyId, data: { slug: current.slug } });
  });
}

/** Adds a timestamped, significant note to a published story's public update log (see lib/updates/mutations.ts). */
export async function addStoryUpdate(actor: Actor, storyId: string, note: string): Promise<{ updateId: string; tags: string[] }> {
  return addLogEntry(actor, { storyId, kind: "UPDATE", note, significant: true });
}
