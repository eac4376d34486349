// The audit trail: every security- and publication-relevant change writes who, what, which record,
// when and from which address, in the change's own transaction; nobody can rewrite it, not even with
// SQL; admins read it filtered and paged. The session and the request headers are the only stand-ins:
// the real getActor reads the user from the database and the address through lib/http/client-ip.ts.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const request = vi.hoisted(() => ({ session: null as { userId: string; sessionVersion: number } | null, ip: "203.0.113.7" }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => request.session }));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers({ "x-newsroom-client-ip": request.ip }),
}));
const expired = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", (original) => import("./support/outside-next").then((next) => next.cacheOutsideNext(original, (tag) => void expired.push(tag))));
vi.mock("next/server", (original) => import("./support/outside-next").then((next) => next.serverOutsideNext(original)));

const { db } = await import("@/lib/db");
const stories = await import("@/app/(editor)/desk/stories/actions");
const scheduling = await import("@/app/(editor)/desk/stories/schedule-actions");
const log = await import("@/app/(editor)/desk/stories/log-actions");
const settings = await import("@/app/(editor)/desk/settings/actions");
const sectionActions = await import("@/app/(editor)/desk/sections/actions");
const { publishScheduledStory } = await import("@/lib/scheduling/schedule");
const { stopScheduler } = await import("@/lib/scheduling/worker");
const { listAuditEvents, auditFiltersSchema, AUDIT_PAGE_SIZE } = await import("@/lib/audit/queries");
const { authorizeCredentials } = await import("@/lib/auth/credentials");
const { cacheTags } = await import("@/lib/cache/tags");
const { createSection, createUser } = await import("./support/factories");

let editor: Awaited<ReturnType<typeof createUser>>;
let admin: Awaited<ReturnType<typeof createUser>>;
let sectionId: string;

beforeAll(async () => {
  [editor, admin] = await Promise.all([createUser("EDITOR"), createUser("ADMIN")]);
  sectionId = (await createSection()).id;
});
afterAll(() => stopScheduler());
beforeEach(() => {
  expired.length = 0;
  request.ip = "203.0.113.7";
});

function signedInAs(who: { user: { id: string; sessionVersion: number } }) {
  request.session = { userId: who.user.id, sessionVersion: who.user.sessionVersion };
}

const values = (slug: string) => ({
  headline: `Water main breaks on ${slug}`,
  slug,
  dek: "",
  body: "Crews worked through the night.",
  sectionId,
  creditLine: "",
  bylines: [{ userId: "", name: "Outside Writer", title: "" }],
  relatedIds: [],
  tags: "",
});

const unique = () => Math.random().toString(36).slice(2, 10);
const eventsOf = (entityId: string) =>
  db().auditEvent.findMany({
    where: { entityId },
    orderBy: [{ createdAt: "asc" }],
    select: { action: true, actorId: true, ip: true, data: true, entityType: true },
  });

describe("what is recorded", () => {
  it("records publish, slug change, update, correction, reword, withdraw and unpublish with the actor and their address", async () => {
    signedInAs(editor);
    const slug = `main-break-${unique()}`;
    const created = await stories.saveStoryAction({ storyId: null, baseVersion: null, intent: "publish", values: values(slug) });
    expect(created).toMatchObject({ ok: true });
    if (!created.ok) return;
    const { storyId } = created.data;
    request.ip = "2001:db8::5";
    const renamed = await stories.saveStoryAction({ storyId, baseVersion: created.data.version, intent: "save", values: values(`${slug}-2`) });
    expect(renamed).toMatchObject({ ok: true });
    const added = await log.addLogEntryAction({ storyId, kind: "UPDATE", note: "Adds the mayor's comment.", occurredAt: "", significant: true });
    const corrected = await log.addLogEntryAction({
      storyId,
      kind: "CORRECTION",
      note: "An earlier version misstated the street.",
      occurredAt: "",
      significant: true,
    });
    if (!added.ok || !corrected.ok) throw new Error("entries not added");
    expect(await log.editLogEntryAction({ updateId: added.data.updateId, note: "Adds the mayor's full comment.", occurredAt: "" })).toMatchObject({ ok: true });
    expect(await log.withdrawLogEntryAction({ updateId: corrected.data.updateId, reason: "The street was right after all." })).toMatchObject({ ok: true });
    const story = await db().story.findUniqueOrThrow({ where: { id: storyId }, select: { version: true } });
    expect(await stories.unpublishStoryAction({ storyId, baseVersion: story.version })).toMatchObject({ ok: true });

    const events = await eventsOf(storyId);
    expect(events.map((e) => e.action)).toEqual([
      "story.publish",
      "story.save",
      "story.slug.change",
      "story.update.add",
      "story.correction.add",
      "story.update.edit",
      "story.update.withdraw",
      "story.unpublish",
    ]);
    expect(events.every((e) => e.actorId === editor.user.id && e.entityType === "story")).toBe(true);
    expect(events[0].ip).toBe("203.0.113.7");
    expect(events.slice(1).every((e) => e.ip === "2001:db8::5")).toBe(true);
    expect(events[2].data).toMatchObject({ fromSlug: slug, toSlug: `${slug}-2` });
  });

  it("records schedule and unschedule by a person, and the scheduled publication by the system with no address", async () => {
    signedInAs(editor);
    const created = await stories.saveStoryAction({ storyId: null, baseVersion: null, intent: "save", values: values(`scheduled-${unique()}`) });
    if (!created.ok) throw new Error(created.message);
    const { storyId } = created.data;
    const inAWeek = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 16);
    const scheduled = await scheduling.scheduleStoryAction({ storyId, baseVersion: created.data.version, publishAt: inAWeek });
    if (!scheduled.ok) throw new Error(scheduled.message);
    const unscheduled = await scheduling.cancelScheduleAction({ storyId, baseVersion: scheduled.data.version });
    if (!unscheduled.ok) throw new Error(unscheduled.message);
    // Schedule again, then let the time pass as the job would find it.
    const again = await scheduling.scheduleStoryAction({ storyId, baseVersion: unscheduled.data.version, publishAt: inAWeek });
    expect(again).toMatchObject({ ok: true });
    await db().story.update({ where: { id: storyId }, data: { scheduledAt: new Date(Date.now() - 1000) } });
    expect(await publishScheduledStory(storyId)).not.toBeNull();

    const events = await eventsOf(storyId);
    expect(events.map((e) => [e.action, e.actorId, e.ip])).toEqual([
      ["story.create", editor.user.id, "203.0.113.7"],
      ["story.schedule", editor.user.id, "203.0.113.7"],
      ["story.unschedule", editor.user.id, "203.0.113.7"],
      ["story.schedule", editor.user.id, "203.0.113.7"],
      ["story.publish", null, null],
    ]);
  });

  it("records section and tag management and settings changes", async () => {
    signedInAs(admin);
    const section = await sectionActions.createSectionAction({ name: `Weather ${unique()}`, slug: "" });
    if (!section.ok) throw new Error(section.message);
    expect(
      await settings.updateSiteSettingsAction({ siteName: "The Harbor Courier", timeZone: "America/Chicago", defaultSectionId: section.data.sectionId }),
    ).toMatchObject({ ok: true, data: { changed: ["siteName", "timeZone", "defaultSectionId"] } });
    expect(expired).toContain(cacheTags.settings);
    const [sectionEvent] = await eventsOf(section.data.sectionId);
    expect(sectionEvent).toMatchObject({ action: "section.create", actorId: admin.user.id, ip: "203.0.113.7" });
    const settingsEvent = await db().auditEvent.findFirstOrThrow({ where: { action: "settings.update" }, orderBy: { createdAt: "desc" } });
    expect(settingsEvent).toMatchObject({ actorId: admin.user.id, ip: "203.0.113.7", entityType: "settings" });
    expect(settingsEvent.data).toMatchObject({ siteName: { to: "The Harbor Courier" }, timeZone: { from: "America/New_York", to: "America/Chicago" } });
    // Put the zone back for the other tests in this file.
    await settings.updateSiteSettingsAction({ siteName: "The Harbor Courier", timeZone: "America/New_York", defaultSectionId: "" });
  });

  it("deleting the default section clears it from the settings and expires the cached settings", async () => {
    signedInAs(admin);
    const section = await sectionActions.createSectionAction({ name: `Obituaries ${unique()}`, slug: "" });
    if (!section.ok) throw new Error(section.message);
    await settings.updateSiteSettingsAction({ siteName: "The Harbor Courier", timeZone: "America/New_York", defaultSectionId: section.data.sectionId });
    expired.length = 0;
    expect(await sectionActions.deleteSectionAction({ sectionId: section.data.sectionId })).toMatchObject({ ok: true });
    expect(expired).toContain(cacheTags.settings);
    expect(await db().siteSettings.findUniqueOrThrow({ where: { id: 1 }, select: { defaultSectionId: true } })).toEqual({ defaultSectionId: null });
  });

  it("records sign-in and failed sign-in with the address", async () => {
    const person = await createUser("REPORTER", { password: "correct horse battery" });
    expect(await authorizeCredentials({ email: person.user.email, password: "wrong" }, { ip: "198.51.100.4" })).toEqual({ kind: "invalid" });
    expect(await authorizeCredentials({ email: person.user.email, password: "correct horse battery" }, { ip: "198.51.100.4" })).toMatchObject({ kind: "ok" });
    const events = await db().auditEvent.findMany({ where: { entityId: person.user.id }, orderBy: { createdAt: "asc" }, select: { action: true, ip: true } });
    expect(events).toEqual([
      { action: "auth.sign_in_failed", ip: "198.51.100.4" },
      { action: "auth.sign_in", ip: "198.51.100.4" },
    ]);
  });

  it("writes nothing when the change is refused or fails", async () => {
    const reporter = await createUser("REPORTER");
    signedInAs(reporter);
    const before = await db().auditEvent.count();
    expect(await settings.updateSiteSettingsAction({ siteName: "Hijacked", timeZone: "UTC", defaultSectionId: "" })).toMatchObject({
      ok: false,
      message: /only admins/i,
    });
    signedInAs(admin);
    expect(await settings.updateSiteSettingsAction({ siteName: "Fine", timeZone: "Mars/Olympus_Mons", defaultSectionId: "" })).toMatchObject({ ok: false });
    expect(await db().auditEvent.count()).toBe(before);
  });
});

describe("nobody rewrites the trail", () => {
  it("the database refuses UPDATE, DELETE and TRUNCATE of audit events, through Prisma and through SQL", async () => {
    const event = await db().auditEvent.findFirstOrThrow({ select: { id: true, action: true } });
    await expect(db().auditEvent.update({ where: { id: event.id }, data: { action: "story.save" } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`UPDATE "AuditEvent" SET "ip" = NULL`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await db().auditEvent.findUnique({ where: { id: event.id }, select: { action: true } })).toEqual({ action: event.action });
  });

  it("a person with audit events cannot be deleted (they are deactivated instead), so the trail keeps its names", async () => {
    await expect(db().user.delete({ where: { id: editor.user.id } })).rejects.toThrow();
    expect(await db().user.count({ where: { id: editor.user.id } })).toBe(1);
  });

  it("no code in the application updates or deletes audit events, or deletes users", async () => {
    const offenders: string[] = [];
    const pattern =
      /auditEvent\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b|"AuditEvent"[^`]*\b(UPDATE|DELETE)\b|\b(UPDATE|DELETE FROM|TRUNCATE)\s+"AuditEvent"|\buser\s*\.\s*(delete|deleteMany)\b/;
    for (const dir of ["app", "lib", "components", "scripts", "prisma"]) {
      for (const file of await sourceFiles(path.resolve(dir))) {
        if (file.includes(`${path.sep}generated${path.sep}`) || file.includes(`${path.sep}migrations${path.sep}`)) continue;
        const text = await readFile(file, "utf8");
        if (pattern.test(text)) offenders.push(path.relative(process.cwd(), file));
      }
    }
    expect(offenders).toEqual([]);
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
      return /\.(ts|tsx|js|mjs|cjs|sql)$/.test(entry.name) ? [full] : [];
    }),
  );
  return files.flat();
}

describe("reading the log", () => {
  const filters = (input: Record<string, string>) => auditFiltersSchema.parse(input);

  it("is for admins only", async () => {
    await expect(listAuditEvents(editor.actor, filters({}), "America/New_York")).rejects.toThrow(/only admins/i);
  });

  it("filters by person, action, story (by id or slug, old or new) and newsroom-local day, newest first, with links to what still exists", async () => {
    signedInAs(editor);
    const slug = `council-${unique()}`;
    const created = await stories.saveStoryAction({ storyId: null, baseVersion: null, intent: "publish", values: values(slug) });
    if (!created.ok) throw new Error(created.message);
    await stories.saveStoryAction({ storyId: created.data.storyId, baseVersion: created.data.version, intent: "save", values: values(`${slug}-vote`) });

    const byStory = await listAuditEvents(admin.actor, filters({ record: slug }), "America/New_York");
    expect(byStory.rows.map((r) => r.action)).toEqual(["story.slug.change", "story.save", "story.publish"]);
    expect(byStory.rows[0]).toMatchObject({
      actorName: editor.user.name,
      actionLabel: "Changed a story's slug",
      recordHref: `/desk/stories/${created.data.storyId}`,
      recordName: `Water main breaks on ${slug}-vote`,
      ip: "203.0.113.7",
    });
    expect((await listAuditEvents(admin.actor, filters({ record: created.data.storyId, action: "story.publish" }), "UTC")).rows).toHaveLength(1);
    const mine = await listAuditEvents(admin.actor, filters({ actor: editor.user.id }), "UTC");
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.actorName === editor.user.name)).toBe(true);
    for (let i = 1; i < mine.rows.length; i++) expect(mine.rows[i - 1].createdAt.getTime()).toBeGreaterThanOrEqual(mine.rows[i].createdAt.getTime());

    // Day filters are newsroom-local: 23:30 in New York on one day is already the next day in UTC.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" }).format(new Date());
    const farBehind = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Pago_Pago" }).format(new Date());
    expect((await listAuditEvents(admin.actor, filters({ record: slug, from: today, to: today }), "Pacific/Kiritimati")).total).toBe(3);
    expect((await listAuditEvents(admin.actor, filters({ record: slug, from: today, to: today }), "Pacific/Pago_Pago")).total).toBe(
      today === farBehind ? 3 : 0,
    );
    expect((await listAuditEvents(admin.actor, filters({ record: slug, to: "2020-01-01" }), "UTC")).total).toBe(0);
  });

  it("pages 50 at a time and ignores malformed filters instead of failing", async () => {
    const all = await listAuditEvents(admin.actor, filters({}), "UTC");
    expect(all.rows.length).toBeLessThanOrEqual(AUDIT_PAGE_SIZE);
    expect(filters({ actor: "not-a-uuid", from: "yesterday", page: "-3", action: "DROP TABLE" })).toEqual({
      actor: undefined,
      action: undefined,
      record: undefined,
      from: undefined,
      to: undefined,
      page: 1,
    });
    // Shaped like days but no day at all, and a record with a NUL byte (PostgreSQL refuses NUL in text).
    const impossible = filters({ from: "9999-99-99", to: "2026-02-30", page: "-3", record: "a\u0000b" });
    expect(impossible).toEqual({ actor: undefined, action: undefined, record: "ab", from: undefined, to: undefined, page: 1 });
    expect((await listAuditEvents(admin.actor, impossible, "UTC")).total).toBe(0);
    const last = await listAuditEvents(admin.actor, filters({ page: "9999" }), "UTC");
    expect(last.rows).toEqual([]);
  });
});
