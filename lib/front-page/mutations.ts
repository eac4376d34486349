import "server-only";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { cacheTags } from "@/lib/cache/tags";
import { ConflictError, ForbiddenError, InvalidError, type FieldErrors } from "@/lib/errors";
import { FRONT_PAGE_FORBIDDEN_MESSAGE } from "@/lib/front-page/editor-queries";
import { activePins, LAYOUT_ID, type ActivePin } from "@/lib/front-page/pins";
import type { FrontPageLayoutInput } from "@/lib/front-page/schemas";
import { isOnFrontPage, isSectionSlot, placeKey, placeLabel, slotSize } from "@/lib/front-page/slots";
import type { FrontPageSlot } from "@/lib/generated/prisma/enums";
import { enqueueTagExpiry } from "@/lib/scheduling/queue";
import { readSiteSettings } from "@/lib/settings/site";
import { publiclyVisible } from "@/lib/stories/visibility";
import { fromLocalInput } from "@/lib/time/local-input";

// Saving the front page's layout: the whole set of pins, based on the version the editor saw. Like a
// story save, a save based on an older version writes nothing and says so; otherwise the pins are
// replaced in one transaction with the audit event that says what changed, and only the pages whose
// slots changed are expired (the front page, and a section page whose top story changed).

export const STALE_LAYOUT_MESSAGE = "Someone else saved the front page after you opened it. Reload to see the latest version, then try again.";

/** Pins at most this far ahead: a pin meant to be permanent has no end at all. */
const LONGEST_PIN_DAYS = 366;

type Pin = { slot: FrontPageSlot; sectionId: string | null; position: number; storyId: string; expiresAt: Date | null };

export type FrontPageSaveResult = { version: number; tags: string[] };

/** What changed, story by story, for the audit log. */
function describeChanges(before: Pin[], after: Pin[]) {
  const place = (pin: Pin) => ({ slot: pin.slot, sectionId: pin.sectionId, position: pin.position });
  const where = (pin: Pin) => `${pin.slot}:${pin.sectionId ?? ""}`;
  // A story is identified by where it stands (its slot, and section for a section's slots): the same
  // story may be a section page's top story and on the front page at once.
  const key = (pin: Pin) => `${isOnFrontPage(pin.slot) ? "front" : where(pin)}|${pin.storyId}`;
  const old = new Map(before.map((pin) => [key(pin), pin]));
  const next = new Map(after.map((pin) => [key(pin), pin]));
  const pinned = after
    .filter((pin) => !old.has(key(pin)))
    .map((pin) => ({ storyId: pin.storyId, ...place(pin), expiresAt: pin.expiresAt?.toISOString() ?? null }));
  const unpinned = before.filter((pin) => !next.has(key(pin))).map((pin) => ({ storyId: pin.storyId, ...place(pin) }));
  const moved = [];
  const expiryChanged = [];
  for (const pin of after) {
    const was = old.get(key(pin));
    if (!was) continue;
    if (placeKey(was) !== placeKey(pin)) moved.push({ storyId: pin.storyId, from: place(was), to: place(pin) });
    if ((was.expiresAt?.getTime() ?? null) !== (pin.expiresAt?.getTime() ?? null))
      expiryChanged.push({ storyId: pin.storyId, ...place(pin), from: was.expiresAt?.toISOString() ?? null, to: pin.expiresAt?.toISOString() ?? null });
  }
  return { pinned, unpinned, moved, expiryChanged };
}

/** The cache tags a change of pins makes stale: the front page's, and each section page's whose top story changed. */
function tagsFor(changed: Pin[], sectionSlugs: Map<string, string>): string[] {
  const tags = new Set<string>();
  for (const pin of changed) {
    if (isOnFrontPage(pin.slot)) tags.add(cacheTags.frontPage);
    else if (pin.sectionId && sectionSlugs.has(pin.sectionId)) tags.add(cacheTags.section(sectionSlugs.get(pin.sectionId)!));
  }
  return [...tags];
}

async function databaseNow(tx: Tx): Promise<Date> {
  const [{ now }] = await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS "now"`;
  return new Date(now);
}

/**
 * Checks every pin (its place exists, its time reads and lies ahead, its story is publicly visible
 * and, in a section's slot, in that section; no place or story twice) and returns them as rows, or
 * throws one InvalidError whose field errors are keyed by place (lib/front-page/slots.ts placeKey).
 */
async function checkPins(tx: Tx, input: FrontPageLayoutInput, sections: Map<string, { slug: string; name: string }>, timeZone: string, now: Date) {
  const errors: FieldErrors = {};
  const fail = (key: string, message: string) => (errors[key] ??= []).push(message);
  const seenPlaces = new Set<string>();
  const seenStories = new Set<string>();
  const pins: Pin[] = [];
  const latest = now.getTime() + LONGEST_PIN_DAYS * 86_400_000;
  for (const pin of input.pins) {
    const key = placeKey(pin);
    const section = pin.sectionId ? sections.get(pin.sectionId) : undefined;
    const label = placeLabel(pin, section?.name);
    if (isSectionSlot(pin.slot) !== (pin.sectionId !== null) || (pin.sectionId && !section) || pin.position >= slotSize(pin.slot)) {
      fail("form", `${label}: that place is not on the page (a section may have been deleted). Reload the page.`);
      continue;
    }
    if (seenPlaces.has(key)) {
      fail(key, `${label} holds two stories. Keep one.`);
      continue;
    }
    seenPlaces.add(key);
    const storyKey = `${isOnFrontPage(pin.slot) ? "front" : key}|${pin.storyId}`;
    if (seenStories.has(storyKey)) fail(key, `${label}: this story is already pinned elsewhere on the front page. Unpin it there first.`);
    seenStories.add(storyKey);
    let expiresAt: Date | null = null;
    if (pin.expiresAt) {
      expiresAt = fromLocalInput(pin.expiresAt, timeZone);
      if (!expiresAt) fail(key, `${label}: "Pinned until" must be a date and time, like 2026-11-25 9:30 a.m., or empty for no end.`);
      else if (expiresAt.getTime() <= now.getTime()) fail(key, `${label}: "Pinned until" has already passed. Choose a later time, or unpin the story.`);
      else if (expiresAt.getTime() > latest) fail(key, `${label}: "Pinned until" may be at most a year ahead; leave it empty to pin with no end.`);
    }
    pins.push({ slot: pin.slot, sectionId: pin.sectionId, position: pin.position, storyId: pin.storyId, expiresAt });
  }
  const ids = [...new Set(pins.map((pin) => pin.storyId))];
  const visible = new Map(
    (ids.length ? await tx.story.findMany({ where: await publiclyVisible({ id: { in: ids } }), select: { id: true, sectionId: true } }) : []).map((s) => [
      s.id,
      s.sectionId,
    ]),
  );
  for (const pin of pins) {
    const label = placeLabel(pin, pin.sectionId ? sections.get(pin.sectionId)?.name : undefined);
    if (!visible.has(pin.storyId))
      fail(placeKey(pin), `${label}: that story is not published (or not public yet), so readers could not see it. Choose another.`);
    else if (pin.sectionId && visible.get(pin.storyId) !== pin.sectionId)
      fail(placeKey(pin), `${label}: that story is not in ${sections.get(pin.sectionId)?.name ?? "this section"}. Choose one of its stories.`);
  }
  if (Object.keys(errors).length) throw new InvalidError("Some pins need attention before the front page can be saved. Nothing was saved.", errors);
  return pins;
}

const sameLayout = (a: Pin[], b: Pin[]) => {
  const key = (pin: Pin) => `${placeKey(pin)}|${pin.storyId}|${pin.expiresAt?.getTime() ?? ""}`;
  const left = new Set(a.map(key));
  return a.length === b.length && b.every((pin) => left.has(key(pin)));
};

/**
 * Replaces the front page's pins with `input.pins`, if the layout is still at `input.baseVersion`.
 * Pins whose time has passed are dropped without being recorded as unpinned (they already ended).
 * Each pin with an end queues the expiry of its page's tag at that time.
 */
export async function saveFrontPage(actor: Actor, input: FrontPageLayoutInput): Promise<FrontPageSaveResult> {
  if (!can(actor, "frontpage.manage")) throw new ForbiddenError(FRONT_PAGE_FORBIDDEN_MESSAGE);
  const { timeZone } = await readSiteSettings();
  const result = await db().$transaction(async (tx) => {
    // Locks the layout row until the transaction ends: two saves are checked one after the other.
    const locked = await tx.$queryRaw<{ version: number }[]>`SELECT "version" FROM "FrontPageLayout" WHERE "id" = ${LAYOUT_ID} FOR UPDATE`;
    const currentVersion = locked[0]?.version ?? 0;
    if (currentVersion !== input.baseVersion) throw new ConflictError(STALE_LAYOUT_MESSAGE, currentVersion);
    const sectionRows = await tx.section.findMany({ select: { id: true, slug: true, name: true } });
    const sections = new Map(sectionRows.map((s) => [s.id, { slug: s.slug, name: s.name }]));
    const now = await databaseNow(tx);
    const pins = await checkPins(tx, input, sections, timeZone, now);
    const before: Pin[] = (await activePins(tx)).map((pin: ActivePin) => ({ ...pin, expiresAt: pin.expiresAt ? new Date(pin.expiresAt) : null }));
    if (sameLayout(before, pins)) return { version: currentVersion, tags: [], expiring: [] as Pin[], slugs: new Map<string, string>() };

    await tx.frontPagePin.deleteMany({ where: { layoutId: LAYOUT_ID } });
    await tx.frontPagePin.createMany({ data: pins.map((pin) => ({ ...pin, layoutId: LAYOUT_ID })) });
    const version = currentVersion + 1;
    await tx.frontPageLayout.update({ where: { id: LAYOUT_ID }, data: { version } });
    const changes = describeChanges(before, pins);
    await recordAudit(tx, { actor, action: "frontpage.saved", entityType: "frontPage", entityId: LAYOUT_ID, data: { version, ...changes } });
    // The places whose story changed: every pin of the old and the new layout that is not in both alike.
    const unchanged = new Set(before.filter((pin) => pins.some((p) => placeKey(p) === placeKey(pin) && p.storyId === pin.storyId)).map(placeKey));
    const changed = [...before, ...pins].filter((pin) => !unchanged.has(placeKey(pin)) || changes.expiryChanged.some((c) => c.storyId === pin.storyId));
    const slugs = new Map([...sections].map(([id, s]) => [id, s.slug]));
    return { version, tags: tagsFor(changed, slugs), expiring: pins.filter((pin) => pin.expiresAt), slugs };
  });
  // After the commit: the job reads nothing of the layout, it only expires the page when the pin ends,
  // and the reads filter ended pins by the database's clock whether or not it has run yet.
  for (const pin of result.expiring) {
    try {
      await enqueueTagExpiry(tagsFor([pin], result.slugs), pin.expiresAt!);
    } catch (error) {
      console.error(
        `[front-page] Could not queue the expiry of a pin ending at ${pin.expiresAt!.toISOString()}; its page stays cached until the next change.`,
        error,
      );
    }
  }
  return { version: result.version, tags: result.tags };
}
