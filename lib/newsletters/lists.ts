import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { cacheTags } from "@/lib/cache/tags";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { slugify } from "@/lib/slugs";
import type { NewsletterValues } from "@/lib/newsletters/schemas";

// The lists readers subscribe to. Admins define them; readers see the active ones on the sign-up
// forms, a cached read that saving a list expires.

export type PublicNewsletter = { id: string; slug: string; name: string; description: string; sendTime: string | null };

async function readActiveNewsletters(): Promise<PublicNewsletter[]> {
  return db().newsletter.findMany({
    where: { active: true },
    orderBy: [{ sendTime: { sort: "asc", nulls: "last" } }, { name: "asc" }],
    select: { id: true, slug: true, name: true, description: true, sendTime: true },
  });
}

/** The newsletters readers can choose, for the public forms (cached, tag "newsletters"). */
export const getActiveNewsletters = unstable_cache(readActiveNewsletters, ["active-newsletters"], { tags: [cacheTags.newsletters] });

export type DeskNewsletter = PublicNewsletter & { senderName: string; senderAddress: string; active: boolean; subscribers: number };

/** Every newsletter with its count of confirmed, active subscribers, for the newsroom. */
export async function listNewslettersForDesk(): Promise<DeskNewsletter[]> {
  const [lists, counts] = await Promise.all([
    db().newsletter.findMany({
      orderBy: [{ active: "desc" }, { name: "asc" }],
      select: { id: true, slug: true, name: true, description: true, sendTime: true, senderName: true, senderAddress: true, active: true },
    }),
    activeSubscriberCounts(),
  ]);
  return lists.map((list) => ({ ...list, subscribers: counts.get(list.id) ?? 0 }));
}

/** Confirmed subscriptions of active subscribers, per newsletter: who an issue would reach. */
export async function activeSubscriberCounts(newsletterId?: string): Promise<Map<string, number>> {
  const rows = await db().subscription.groupBy({
    by: ["newsletterId"],
    where: { confirmedAt: { not: null }, subscriber: { status: "ACTIVE" }, ...(newsletterId ? { newsletterId } : {}) },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.newsletterId, row._count._all]));
}

function assertManager(actor: Actor) {
  if (!can(actor, "newsletter.manage")) throw new ForbiddenError("Only admins can manage newsletters.");
}

async function assertSlugFree(slug: string, exceptId?: string) {
  const taken = await db().newsletter.findUnique({ where: { slug }, select: { id: true } });
  if (taken && taken.id !== exceptId)
    throw new InvalidError("Another newsletter has that slug.", { slug: ["Another newsletter has this slug; choose another."] });
}

export async function createNewsletter(actor: Actor, values: NewsletterValues): Promise<{ id: string; tags: string[] }> {
  assertManager(actor);
  const slug = values.slug || slugify(values.name) || "newsletter";
  await assertSlugFree(slug);
  return db().$transaction(async (tx) => {
    const created = await tx.newsletter.create({ data: { ...values, slug }, select: { id: true } });
    await recordAudit(tx, { actor, action: "newsletter.create", entityType: "newsletter", entityId: created.id, data: { name: values.name, slug } });
    return { id: created.id, tags: [cacheTags.newsletters] };
  });
}

export async function updateNewsletter(actor: Actor, newsletterId: string, values: NewsletterValues): Promise<{ tags: string[] }> {
  assertManager(actor);
  const existing = await db().newsletter.findUnique({ where: { id: newsletterId }, select: { slug: true } });
  if (!existing) throw new NotFoundError("This newsletter no longer exists.");
  const slug = values.slug || existing.slug;
  await assertSlugFree(slug, newsletterId);
  return db().$transaction(async (tx) => {
    await tx.newsletter.update({ where: { id: newsletterId }, data: { ...values, slug } });
    await recordAudit(tx, { actor, action: "newsletter.update", entityType: "newsletter", entityId: newsletterId, data: { ...values, slug } });
    return { tags: [cacheTags.newsletters] };
  });
}
