import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { cacheTags } from "@/lib/cache/tags";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { TAXONOMY_FORBIDDEN_MESSAGE } from "@/lib/sections/mutations";
import type { TagRenameValues } from "@/lib/tags/schemas";
import { publiclyVisible } from "@/lib/stories/visibility";
import { Prisma } from "@/lib/generated/prisma/client";

// Every write to a tag ("section.manage" covers tags too): authorize, write in one transaction with its
// audit event, and return the cache tags of the published stories whose tag lists change.

export type TagWriteResult = {
  /** The tag that now carries the name: the renamed one, or the one it was merged into. */
  tagId: string;
  slug: string;
  /** The name's slug belonged to another tag, and the renamed tag's stories moved to it. */
  mergedInto: string | null;
  tags: string[];
};

function authorize(actor: Actor) {
  if (!can(actor, "section.manage")) throw new ForbiddenError(TAXONOMY_FORBIDDEN_MESSAGE);
}

async function loadTag(tx: Tx, tagId: string) {
  const tag = await tx.tag.findUnique({ where: { id: tagId }, select: { id: true, name: true, slug: true } });
  if (!tag) throw new NotFoundError("This tag no longer exists; someone may have renamed, merged or deleted it. Reload the page to see the current list.");
  return tag;
}

async function publishedStoryTags(tx: Tx, where: Prisma.StoryWhereInput): Promise<string[]> {
  const stories = await tx.story.findMany({ where: await publiclyVisible(where, tx), select: { slug: true } });
  return [...stories.map((s) => cacheTags.story(s.slug)), cacheTags.feeds, cacheTags.sitemaps];
}

/** Renumbers the stories' tags 0..n-1, keeping their order, after rows were taken out. */
async function renumberStoryTags(tx: Tx, storyIds: string[]) {
  if (storyIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE "StoryTag" AS st SET "position" = ranked.position
    FROM (
      SELECT "storyId", "tagId", (row_number() OVER (PARTITION BY "storyId" ORDER BY "position", "tagId") - 1)::int AS position
      FROM "StoryTag" WHERE "storyId" = ANY(${storyIds}::uuid[])
    ) AS ranked
    WHERE st."storyId" = ranked."storyId" AND st."tagId" = ranked."tagId" AND st."position" <> ranked.position`;
}

/**
 * Renames a tag; its slug follows the name. When another tag already has that slug, the two are
 * merged: the renamed tag's stories move to the other tag (taking the typed name), a story that had
 * both keeps one, in the earlier of the two places, and the renamed tag is deleted.
 */
export async function renameTag(actor: Actor, tagId: string, values: TagRenameValues): Promise<TagWriteResult> {
  authorize(actor);
  try {
    return await renameOrMerge(actor, tagId, values);
  } catch (error) {
    // A story saved in the same moment created a tag with this name: trying again merges into it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const message = "A tag with this name was created just now. Save again to merge into it.";
      throw new InvalidError(message, { name: [message] });
    }
    throw error;
  }
}

async function renameOrMerge(actor: Actor, tagId: string, values: TagRenameValues): Promise<TagWriteResult> {
  return db().$transaction(async (tx) => {
    const current = await loadTag(tx, tagId);
    const holder = current.slug === values.slug ? null : await tx.tag.findUnique({ where: { slug: values.slug }, select: { id: true, name: true } });

    if (!holder) {
      if (current.name === values.name) return { tagId, slug: current.slug, mergedInto: null, tags: [] };
      await tx.tag.update({ where: { id: tagId }, data: { name: values.name, slug: values.slug } });
      const storyCount = await tx.storyTag.count({ where: { tagId } });
      await recordAudit(tx, {
        actor,
        action: "tag.rename",
        entityType: "tag",
        entityId: tagId,
        data: { from: { name: current.name, slug: current.slug }, to: { name: values.name, slug: values.slug }, storyCount },
      });
      const tags = await publishedStoryTags(tx, { tags: { some: { tagId } } });
      return { tagId, slug: values.slug, mergedInto: null, tags: [...tags, cacheTags.tag(current.slug), cacheTags.tag(values.slug)] };
    }

    // Read before the rows move: these stories' tag lists change whatever the other tag is called.
    const moving = await tx.storyTag.findMany({ where: { tagId }, select: { storyId: true } });
    const movingIds = moving.map((m) => m.storyId);
    // The tag pages under both slugs: one goes away, the other gains the moved stories.
    const stale = new Set([...(await publishedStoryTags(tx, { id: { in: movingIds } })), cacheTags.tag(current.slug), cacheTags.tag(values.slug)]);
    if (holder.name !== values.name) {
      for (const tag of await publishedStoryTags(tx, { tags: { some: { tagId: holder.id } } })) stale.add(tag);
    }

    // A story tagged with both keeps one row, in the earlier of the two places.
    await tx.$executeRaw`
      UPDATE "StoryTag" AS kept SET "position" = LEAST(kept."position", gone."position")
      FROM "StoryTag" AS gone
      WHERE kept."tagId" = ${holder.id}::uuid AND gone."tagId" = ${tagId}::uuid AND gone."storyId" = kept."storyId"`;
    const both = await tx.storyTag.findMany({ where: { tagId: holder.id, storyId: { in: movingIds } }, select: { storyId: true } });
    const bothIds = both.map((b) => b.storyId);
    await tx.storyTag.deleteMany({ where: { tagId, storyId: { in: bothIds } } });
    await tx.storyTag.updateMany({ where: { tagId }, data: { tagId: holder.id } });
    await renumberStoryTags(tx, bothIds);
    await tx.tag.delete({ where: { id: tagId } });
    if (holder.name !== values.name) await tx.tag.update({ where: { id: holder.id }, data: { name: values.name } });
    await recordAudit(tx, {
      actor,
      action: "tag.merge",
      entityType: "tag",
      entityId: tagId,
      data: {
        from: { name: current.name, slug: current.slug },
        to: { name: values.name, slug: values.slug },
        mergedInto: holder.id,
        storyCount: movingIds.length,
      },
    });
    return { tagId: holder.id, slug: values.slug, mergedInto: holder.id, tags: [...stale] };
  });
}

/** Deletes a tag and takes it off every story that had it. */
export async function deleteTag(actor: Actor, tagId: string): Promise<TagWriteResult> {
  authorize(actor);
  return db().$transaction(async (tx) => {
    const tag = await loadTag(tx, tagId);
    const tagged = await tx.storyTag.findMany({ where: { tagId }, select: { storyId: true } });
    const tags = await publishedStoryTags(tx, { tags: { some: { tagId } } });
    await tx.tag.delete({ where: { id: tagId } }); // its StoryTag rows go with it (onDelete: Cascade)
    await renumberStoryTags(
      tx,
      tagged.map((t) => t.storyId),
    );
    await recordAudit(tx, {
      actor,
      action: "tag.delete",
      entityType: "tag",
      entityId: tagId,
      data: { name: tag.name, slug: tag.slug, storyCount: tagged.length },
    });
    return { tagId, slug: tag.slug, mergedInto: null, tags: [...tags, cacheTags.tag(tag.slug)] };
  });
}
