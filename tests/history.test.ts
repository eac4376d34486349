// A story's public change history against a real database: each version readers saw is recorded as
// a link of a hash chain, the chain verifies, tampering shows, and a legal takedown leaves a tombstone.
// lib/stories/mutations.ts does not record versions yet, so these tests record after each save.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStory, updateStory } from "@/lib/stories/mutations";
import { addLogEntry } from "@/lib/updates/mutations";
import { recordPublishedVersion } from "@/lib/history/record";
import { findPublishedVersions, findVersionDiff } from "@/lib/history/queries";
import { findPublishedStory } from "@/lib/stories/public";
import { takeDownVersion } from "@/lib/history/takedown";
import { verifyChain, type ChainLink } from "@/lib/history/chain";
import { ForbiddenError, InvalidError } from "@/lib/errors";
import { cacheTags } from "@/lib/cache/tags";
import type { StoryInput } from "@/lib/stories/schemas";
import { createSection, createUser, storyValues } from "./support/factories";

let admin: Awaited<ReturnType<typeof createUser>>;
let editor: Awaited<ReturnType<typeof createUser>>;
let reporter: Awaited<ReturnType<typeof createUser>>;
let section: Awaited<ReturnType<typeof createSection>>;

beforeAll(async () => {
  [admin, editor, reporter] = await Promise.all([createUser("ADMIN"), createUser("EDITOR"), createUser("REPORTER")]);
  section = await createSection("Metro");
});

const record = (storyId: string, options: { updateId?: string } = {}) => db().$transaction((tx) => recordPublishedVersion(tx, storyId, options));

/** Publishes a story and records its first version, as publishing will once it is wired in. */
async function publishedStory(overrides: Partial<StoryInput> = {}) {
  const story = await createStory(editor.actor, { intent: "publish", values: storyValues({ sectionId: section.id, ...overrides }) });
  await record(story.storyId);
  return story;
}

async function edit(story: { storyId: string; version: number }, overrides: Partial<StoryInput>) {
  const saved = await updateStory(editor.actor, {
    storyId: story.storyId,
    baseVersion: story.version,
    intent: "save",
    values: storyValues({ sectionId: section.id, ...overrides }),
  });
  const recorded = await record(saved.storyId);
  return { ...saved, recorded };
}

async function chainOf(slug: string): Promise<ChainLink[]> {
  const history = await findPublishedVersions(slug);
  return history!.versions.map((v) => ({
    sequence: v.sequence,
    digest: v.digest,
    previousDigest: v.previousDigest,
    content: v.content,
    takenDown: v.takenDown !== null,
  }));
}

describe("recording what readers saw", () => {
  it("records each published version in order, each linked to the digest before it", async () => {
    const story = await publishedStory({ headline: "Storm closes bridge", slug: "storm-closes-bridge" });
    const second = await edit(story, { headline: "Storm closes Main Street bridge", slug: "storm-closes-bridge" });
    await edit(second, { headline: "Storm closes Main Street bridge", slug: "storm-closes-bridge", body: "The bridge reopened at noon." });

    const history = (await findPublishedVersions("storm-closes-bridge"))!;
    expect(history.headline).toBe("Storm closes Main Street bridge");
    expect(history.versions.map((v) => v.sequence)).toEqual([1, 2, 3]);
    expect(history.versions[0].previousDigest).toBeNull();
    expect(history.versions[1].previousDigest).toBe(history.versions[0].digest);
    expect(history.versions[2].previousDigest).toBe(history.versions[1].digest);
    expect(new Set(history.versions.map((v) => v.digest)).size).toBe(3);
    expect(JSON.parse(history.versions[0].content!)).toMatchObject({
      headline: "Storm closes bridge",
      section: "Metro",
      bylines: [{ name: "Outside Writer", title: "special correspondent" }],
    });
    expect(verifyChain(await chainOf("storm-closes-bridge"))).toEqual({ ok: true });

    const changes = await findVersionDiff("storm-closes-bridge", 2);
    expect(changes?.kind).toBe("changes");
    const headline = changes?.kind === "changes" ? changes.fields.find((f) => f.label === "Headline") : undefined;
    expect(headline?.changed).toBe(true);
    expect(headline?.segments.filter((s) => s.kind === "added").map((s) => s.text.trim())).toEqual(["Main Street"]);
    expect(changes?.kind === "changes" && changes.fields.filter((f) => f.changed).map((f) => f.label)).toEqual(["Headline"]);
    expect(await findVersionDiff("storm-closes-bridge", 1)).toEqual({ kind: "first" });
    expect(await findVersionDiff("storm-closes-bridge", 4)).toBeNull();
  });

  it("does not record a version when nothing readers see changed", async () => {
    const story = await publishedStory({ headline: "Council votes on budget" });
    expect(await record(story.storyId)).toBeNull();
    // A new slug is a new address, not new content: the chain does not grow.
    const renamed = await edit(story, { headline: "Council votes on budget", slug: "council-budget-vote" });
    expect(renamed.recorded).toBeNull();
    expect((await findPublishedVersions("council-budget-vote"))!.versions).toHaveLength(1);
  });

  it("records one version when two writers record the same change at once", async () => {
    const story = await publishedStory({ headline: "Transit strike begins" });
    // Changed behind updateStory's back (which records on its own), so that both writers find the change.
    await db().story.update({ where: { id: story.storyId }, data: { headline: "Transit strike ends" } });
    const results = await Promise.all([record(story.storyId), record(story.storyId)]);
    expect(results.filter((r) => r !== null)).toEqual([expect.objectContaining({ sequence: 2 })]);
    expect(verifyChain(await chainOf(story.slug))).toEqual({ ok: true });
  });

  it("records what the story page shows: bylines with staff names and titles, section, tags in order, only related stories readers see", async () => {
    await db().user.update({ where: { id: editor.user.id }, data: { title: "city editor" } });
    const visibleRelated = await publishedStory({ headline: "Earlier: the levee holds" });
    const draft = await createStory(editor.actor, { intent: "save", values: storyValues({ headline: "Draft: not for readers" }) });
    const story = await publishedStory({
      headline: "River crests downtown",
      bylines: [
        { userId: editor.user.id, name: "", title: "" },
        { userId: "", name: "Outside Writer", title: "special correspondent" },
      ],
      tags: "Weather, Alder River",
      relatedIds: [draft.storyId, visibleRelated.storyId],
    });
    const page = (await findPublishedStory(story.slug))!;
    const [version] = (await findPublishedVersions(story.slug))!.versions;
    const content = JSON.parse(version.content!) as Record<string, unknown>;
    expect(content).toMatchObject({
      headline: page.headline,
      section: page.section?.name,
      bylines: page.bylines.map((b) => ({ name: b.name, title: b.title })),
      tags: page.tags.map((t) => t.name),
      related: page.related.map((r) => r.headline),
    });
    expect(content.bylines).toEqual([
      { name: editor.user.name, title: "city editor" },
      { name: "Outside Writer", title: "special correspondent" },
    ]);
    expect(content.tags).toEqual(["Weather", "Alder River"]);
    expect(content.related).toEqual(["Earlier: the levee holds"]);
    // Recorded again with nothing changed for readers: no new version.
    expect(await record(story.storyId)).toBeNull();
  });

  it("goes with the update-log entry that explained the change", async () => {
    const story = await publishedStory({ headline: "Fire on Elm Street" });
    const saved = await updateStory(editor.actor, {
      storyId: story.storyId,
      baseVersion: story.version,
      intent: "save",
      values: storyValues({ sectionId: section.id, headline: "Fire on Elm Street is out", slug: story.slug }),
    });
    const { updateId } = await addLogEntry(editor.actor, { storyId: saved.storyId, kind: "UPDATE", note: "The fire is out.", significant: true });
    await record(saved.storyId, { updateId });

    const history = (await findPublishedVersions(story.slug))!;
    expect(history.versions.map((v) => v.entry?.note ?? null)).toEqual([null, "The fire is out."]);
    expect(history.versions[1].entry?.kind).toBe("UPDATE");
  });

  it("never lists drafts, stories in review or unpublished stories", async () => {
    const draft = await createStory(reporter.actor, { intent: "save", values: storyValues({ sectionId: section.id }) });
    expect(await record(draft.storyId)).toBeNull();
    expect(await findPublishedVersions(draft.slug)).toBeNull();
    expect(await db().publishedVersion.count({ where: { storyId: draft.storyId } })).toBe(0);

    const inReview = await updateStory(reporter.actor, {
      storyId: draft.storyId,
      baseVersion: draft.version,
      intent: "submit",
      values: storyValues({ sectionId: section.id, slug: draft.slug }),
    });
    expect(await record(inReview.storyId)).toBeNull();
    expect(await findPublishedVersions(draft.slug)).toBeNull();

    const story = await publishedStory();
    await db().story.update({ where: { id: story.storyId }, data: { status: "UNPUBLISHED" } });
    expect(await findPublishedVersions(story.slug)).toBeNull();
    expect(await findVersionDiff(story.slug, 1)).toBeNull();
  });
});

describe("a rewritten past shows", () => {
  it("fails verification at the version whose stored content was changed in the database", async () => {
    const story = await publishedStory({ headline: "Mayor resigns" });
    const second = await edit(story, { headline: "Mayor resigns after audit", slug: story.slug });
    await edit(second, { headline: "Mayor resigns after audit; deputy sworn in", slug: story.slug });
    expect(verifyChain(await chainOf(story.slug))).toEqual({ ok: true });

    await db()
      .$executeRaw`UPDATE "PublishedVersion" SET snapshot = jsonb_set(snapshot, '{headline}', '"Mayor stays"') WHERE "storyId" = ${story.storyId}::uuid AND sequence = 2`;
    expect(verifyChain(await chainOf(story.slug))).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("fails verification where a version was deleted from the database", async () => {
    const story = await publishedStory({ headline: "Water main breaks" });
    const second = await edit(story, { headline: "Water main breaks downtown", slug: story.slug });
    await edit(second, { headline: "Water main repaired downtown", slug: story.slug });
    await db().publishedVersion.delete({ where: { storyId_sequence: { storyId: story.storyId, sequence: 2 } } });
    expect(verifyChain(await chainOf(story.slug))).toMatchObject({ ok: false, brokenAt: 2 });
  });
});

describe("taking down a version", () => {
  it("keeps a tombstone with the reason and the digest, withholds the content, and the chain still verifies", async () => {
    const story = await publishedStory({ headline: "Lawsuit filed against landlord" });
    const second = await edit(story, { headline: "Lawsuit filed against landlord; court date set", slug: story.slug });
    await edit(second, { headline: "Court dismisses lawsuit against landlord", slug: story.slug });
    const before = (await findPublishedVersions(story.slug))!;

    const result = await takeDownVersion(admin.actor, { storyId: story.storyId, sequence: 2, reason: "  Removed under a court order.  " });
    expect(result.tags).toEqual([cacheTags.story(story.slug)]);

    const row = await db().publishedVersion.findUniqueOrThrow({ where: { storyId_sequence: { storyId: story.storyId, sequence: 2 } } });
    expect(row.snapshot).toBeNull();
    expect(row.takenDownAt).toBeInstanceOf(Date);
    expect(row.takedownReason).toBe("Removed under a court order.");

    const after = (await findPublishedVersions(story.slug))!;
    expect(after.versions).toHaveLength(3);
    expect(after.versions[1]).toMatchObject({
      sequence: 2,
      digest: before.versions[1].digest,
      content: null,
      takenDown: { reason: "Removed under a court order." },
    });
    expect(verifyChain(await chainOf(story.slug))).toEqual({ ok: true });
    expect(await findVersionDiff(story.slug, 2)).toEqual({ kind: "taken-down", reason: "Removed under a court order." });
    expect(await findVersionDiff(story.slug, 3)).toEqual({ kind: "previous-taken-down" });

    const audit = await db().auditEvent.findFirst({ where: { action: "story.version.takedown", entityId: story.storyId } });
    expect(audit).toMatchObject({ actorId: admin.user.id, data: { sequence: 2, reason: "Removed under a court order." } });

    await expect(takeDownVersion(admin.actor, { storyId: story.storyId, sequence: 2, reason: "Again." })).rejects.toBeInstanceOf(InvalidError);
  });

  it("still records later versions after a takedown, linked through the tombstone", async () => {
    const story = await publishedStory({ headline: "Zoning board meets" });
    await takeDownVersion(admin.actor, { storyId: story.storyId, sequence: 1, reason: "Legal request." });
    await edit(story, { headline: "Zoning board approves tower", slug: story.slug });
    const history = (await findPublishedVersions(story.slug))!;
    expect(history.versions.map((v) => v.sequence)).toEqual([1, 2]);
    expect(history.versions[1].previousDigest).toBe(history.versions[0].digest);
    expect(verifyChain(await chainOf(story.slug))).toEqual({ ok: true });
  });

  it("is refused to editors and reporters, and needs a reason", async () => {
    const story = await publishedStory();
    for (const who of [editor, reporter]) {
      await expect(takeDownVersion(who.actor, { storyId: story.storyId, sequence: 1, reason: "Legal request." })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const refusal = await takeDownVersion(admin.actor, { storyId: story.storyId, sequence: 1, reason: " no" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InvalidError);
    expect((refusal as InvalidError).fieldErrors?.reason?.[0]).toMatch(/3 to 500 characters/);
    await expect(takeDownVersion(admin.actor, { storyId: story.storyId, sequence: 1, reason: "x".repeat(501) })).rejects.toBeInstanceOf(InvalidError);

    const row = await db().publishedVersion.findUniqueOrThrow({ where: { storyId_sequence: { storyId: story.storyId, sequence: 1 } } });
    expect(row.takenDownAt).toBeNull();
    expect(row.snapshot).not.toBeNull();
  });
});
