import "server-only";
import { z } from "zod";
import { textField } from "@/lib/text/storable";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { zonedTimeToUtc } from "@/lib/time/zoned";
import { readDate } from "@/lib/search/params";
import { describeAuditAction, ENTITY_LABELS } from "@/lib/audit/describe";
import type { Prisma } from "@/lib/generated/prisma/client";

// Reading the audit log (admins only). There is no write here: rows are created only by
// lib/audit/record.ts, inside the transaction of the change they record.

export const AUDIT_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The log's filters as they come from the address bar: anything malformed is dropped, never an error. */
export const auditFiltersSchema = z.object({
  actor: textField().regex(UUID).optional().catch(undefined),
  action: textField()
    .max(80)
    .regex(/^[a-z_.]+$/)
    .optional()
    .catch(undefined),
  /** A record: a story, section, tag or user id, or a story's slug (current or former). */
  record: textField().trim().max(200).optional().catch(undefined),
  /** Days in the newsroom's zone, inclusive. */
  from: textField()
    .refine((day) => readDate(day) !== null)
    .optional()
    .catch(undefined),
  to: textField()
    .refine((day) => readDate(day) !== null)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type AuditFilters = z.output<typeof auditFiltersSchema>;

export type AuditRow = {
  id: string;
  createdAt: Date;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  actionLabel: string;
  entityType: string;
  entityLabel: string;
  entityId: string | null;
  /** What the record is called now (or was, from the event's data), and where it lives if it still does. */
  recordName: string | null;
  recordHref: string | null;
  ip: string | null;
};

/** Midnight in the newsroom's zone at the start of `day` (plus some days). */
function startOfDay(day: string, timeZone: string, plusDays = 0): Date {
  const [year, month, date] = day.split("-").map(Number);
  const d = new Date(Date.UTC(year, month - 1, date + plusDays));
  return zonedTimeToUtc({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 }, timeZone);
}

/** A story slug typed into the record filter: the story now at that slug, or that once had it. */
async function resolveRecord(record: string): Promise<string[]> {
  if (UUID.test(record)) return [record.toLowerCase()];
  const [story, redirect] = await Promise.all([
    db().story.findUnique({ where: { slug: record }, select: { id: true } }),
    db().redirect.findUnique({ where: { fromSlug: record }, select: { storyId: true } }),
  ]);
  return [story?.id, redirect?.storyId].filter((id): id is string => Boolean(id));
}

function stringField(data: unknown, ...keys: string[]): string | null {
  if (!data || typeof data !== "object") return null;
  for (const key of keys) {
    const value = (data as Record<string, unknown>)[key];
    if (typeof value === "string" && value) return value;
  }
  return null;
}

/** Newest first, filtered, one page. */
export async function listAuditEvents(
  actor: Actor,
  filters: AuditFilters,
  timeZone: string,
): Promise<{ rows: AuditRow[]; total: number; page: number; pageCount: number }> {
  if (!can(actor, "audit.view")) throw new ForbiddenError("Only admins can read the audit log.");
  const where: Prisma.AuditEventWhereInput = {};
  if (filters.actor) where.actorId = filters.actor;
  if (filters.action) where.action = filters.action;
  if (filters.record) where.entityId = { in: await resolveRecord(filters.record) };
  if (filters.from || filters.to) {
    where.createdAt = {
      ...(filters.from ? { gte: startOfDay(filters.from, timeZone) } : {}),
      ...(filters.to ? { lt: startOfDay(filters.to, timeZone, 1) } : {}),
    };
  }
  const page = filters.page;
  const [total, events] = await Promise.all([
    db().auditEvent.count({ where }),
    db().auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        action: true,
        entityType: true,
        entityId: true,
        data: true,
        ip: true,
        actor: { select: { name: true, email: true } },
      },
    }),
  ]);

  // Which records still exist, in one query per kind, for the links.
  const idsOf = (type: string) => [...new Set(events.filter((e) => e.entityType === type && e.entityId && UUID.test(e.entityId)).map((e) => e.entityId!))];
  const [stories, sections, tags, users] = await Promise.all([
    db().story.findMany({ where: { id: { in: idsOf("story") } }, select: { id: true, headline: true } }),
    db().section.findMany({ where: { id: { in: idsOf("section") } }, select: { id: true, name: true } }),
    db().tag.findMany({ where: { id: { in: idsOf("tag") } }, select: { id: true, name: true } }),
    db().user.findMany({ where: { id: { in: idsOf("user") } }, select: { id: true, name: true } }),
  ]);
  const story = new Map(stories.map((s) => [s.id, s.headline]));
  const section = new Map(sections.map((s) => [s.id, s.name]));
  const tag = new Map(tags.map((t) => [t.id, t.name]));
  const user = new Map(users.map((u) => [u.id, u.name]));

  const rows = events.map((e): AuditRow => {
    const id = e.entityId ?? "";
    let recordName: string | null = null;
    let recordHref: string | null = null;
    if (e.entityType === "story" && story.has(id)) [recordName, recordHref] = [story.get(id)!, `/desk/stories/${id}`];
    else if (e.entityType === "section" && section.has(id)) [recordName, recordHref] = [section.get(id)!, "/desk/sections"];
    else if (e.entityType === "tag" && tag.has(id)) [recordName, recordHref] = [tag.get(id)!, "/desk/sections"];
    else if (e.entityType === "user" && user.has(id)) recordName = user.get(id)!;
    else if (e.entityType === "settings") [recordName, recordHref] = ["Site settings", "/desk/settings"];
    else if (e.entityType === "frontPage") [recordName, recordHref] = ["Front page", "/desk/front-page"];
    // A deleted record keeps the name its event wrote down.
    else recordName = stringField(e.data, "name", "slug", "email");
    return {
      id: e.id,
      createdAt: e.createdAt,
      actorName: e.actor?.name ?? null,
      actorEmail: e.actor?.email ?? stringField(e.data, "email"),
      action: e.action,
      actionLabel: describeAuditAction(e.action),
      entityType: e.entityType,
      entityLabel: ENTITY_LABELS[e.entityType] ?? e.entityType,
      entityId: e.entityId,
      recordName,
      recordHref,
      ip: e.ip,
    };
  });
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

/** For the filter form: everyone who has acted, and every action on record. */
export async function listAuditFilterOptions(actor: Actor): Promise<{ people: { id: string; name: string }[]; actions: string[] }> {
  if (!can(actor, "audit.view")) throw new ForbiddenError("Only admins can read the audit log.");
  const [people, actions] = await Promise.all([
    db().user.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db().auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return { people, actions: actions.map((a) => a.action) };
}
