import "server-only";
import { containsText } from "@/lib/text/contains";
import { db, type Tx } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { normalizeEmail, suppressionHash } from "@/lib/newsletters/tokens";

// Subscribers are personal data: only admins ("newsletter.manage") list, export, import or delete
// them. Deleting (an admin's delete, or a reader's "unsubscribe from everything") removes the row
// and with it every subscription and delivery; a Suppression row with the address's hash remains, so
// that an import cannot add the address again.

export const SUBSCRIBER_PAGE_SIZE = 50;

function assertManager(actor: Actor) {
  if (!can(actor, "newsletter.manage")) throw new ForbiddenError("Only admins can see or change subscribers.");
}

export type DeskSubscriber = { id: string; email: string; status: string; confirmedAt: Date | null; createdAt: Date; lists: string[] };

export async function listSubscribers(actor: Actor, params: { q: string; page: number }): Promise<{ subscribers: DeskSubscriber[]; total: number }> {
  assertManager(actor);
  const where = params.q ? { email: containsText(normalizeEmail(params.q)) } : {};
  const [rows, total] = await Promise.all([
    db().subscriber.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (Math.max(1, params.page) - 1) * SUBSCRIBER_PAGE_SIZE,
      take: SUBSCRIBER_PAGE_SIZE,
      select: {
        id: true,
        email: true,
        status: true,
        confirmedAt: true,
        createdAt: true,
        subscriptions: { where: { confirmedAt: { not: null } }, select: { newsletter: { select: { name: true } } } },
      },
    }),
    db().subscriber.count({ where }),
  ]);
  return { subscribers: rows.map(({ subscriptions, ...row }) => ({ ...row, lists: subscriptions.map((s) => s.newsletter.name) })), total };
}

/** Removes a subscriber for good, leaving the hashed suppression entry. Inside the caller's transaction. */
export async function eraseSubscriber(tx: Tx, subscriber: { id: string; email: string }, reason: string): Promise<void> {
  await tx.suppression.upsert({
    where: { emailHash: suppressionHash(subscriber.email) },
    create: { emailHash: suppressionHash(subscriber.email), reason },
    update: { reason },
  });
  await tx.subscriber.delete({ where: { id: subscriber.id } });
}

export async function deleteSubscriber(actor: Actor, subscriberId: string): Promise<void> {
  assertManager(actor);
  await db().$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true, email: true } });
    if (!subscriber) throw new NotFoundError("This subscriber was already deleted.");
    await eraseSubscriber(tx, subscriber, "deleted");
    // The audit trail must not keep the address it was asked to forget.
    await recordAudit(tx, { actor, action: "subscriber.delete", entityType: "subscriber", entityId: subscriberId });
  });
}

/** CSV-quoted, with formula-looking cells defused (a spreadsheet would run "=HYPERLINK(...)"). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Every subscriber as CSV rows, streamed in pages so that a big list never sits in memory at once. */
export async function* subscribersCsv(actor: Actor): AsyncGenerator<string> {
  assertManager(actor);
  yield "email,status,confirmed_at,subscribed_at,newsletters\r\n";
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().subscriber.findMany({
      orderBy: { id: "asc" },
      take: 1000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        email: true,
        status: true,
        confirmedAt: true,
        createdAt: true,
        subscriptions: { select: { confirmedAt: true, newsletter: { select: { slug: true } } } },
      },
    });
    if (rows.length === 0) return;
    yield rows
      .map(
        (row) =>
          [
            row.email,
            row.status,
            row.confirmedAt?.toISOString() ?? "",
            row.createdAt.toISOString(),
            row.subscriptions
              .filter((s) => s.confirmedAt)
              .map((s) => s.newsletter.slug)
              .join(" "),
          ]
            .map(csvCell)
            .join(",") + "\r\n",
      )
      .join("");
    cursor = rows[rows.length - 1].id;
  }
}

export async function recordExport(actor: Actor): Promise<void> {
  assertManager(actor);
  await recordAudit(db(), { actor, action: "subscriber.export", entityType: "subscriber" });
}

/**
 * Adds addresses that already consented elsewhere (a list moved from another service) to a
 * newsletter as confirmed subscribers. Suppressed addresses (unsubscribed, deleted, bounced) and
 * malformed lines are skipped and counted, never added.
 */
export async function importSubscribers(
  actor: Actor,
  params: { newsletterId: string; addresses: string },
): Promise<{ added: number; suppressed: number; invalid: number; already: number }> {
  assertManager(actor);
  const newsletter = await db().newsletter.findUnique({ where: { id: params.newsletterId }, select: { id: true } });
  if (!newsletter) throw new NotFoundError("This newsletter no longer exists.");
  const lines = [
    ...new Set(
      params.addresses
        .split(/[\r\n,;]+/)
        .map(normalizeEmail)
        .filter(Boolean),
    ),
  ];
  const valid = lines.filter((line) => line.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(line));
  const hashes = new Map(valid.map((email) => [suppressionHash(email), email]));
  const suppressed = new Set(
    (await db().suppression.findMany({ where: { emailHash: { in: [...hashes.keys()] } }, select: { emailHash: true } })).map((row) =>
      hashes.get(row.emailHash)!,
    ),
  );
  const allowed = valid.filter((email) => !suppressed.has(email));
  let added = 0;
  let already = 0;
  await db().$transaction(
    async (tx) => {
      const now = new Date();
      await tx.subscriber.createMany({ data: allowed.map((email) => ({ email, status: "ACTIVE" as const, confirmedAt: now })), skipDuplicates: true });
      const subscribers = await tx.subscriber.findMany({ where: { email: { in: allowed }, status: { not: "BOUNCED" } }, select: { id: true } });
      const created = await tx.subscription.createMany({
        data: subscribers.map((s) => ({ subscriberId: s.id, newsletterId: params.newsletterId, confirmedAt: now })),
        skipDuplicates: true,
      });
      added = created.count;
      already = allowed.length - created.count;
      await recordAudit(tx, {
        actor,
        action: "subscriber.import",
        entityType: "newsletter",
        entityId: params.newsletterId,
        data: { added, suppressed: suppressed.size, invalid: lines.length - valid.length },
      });
    },
    { timeout: 60_000 },
  );
  return { added, suppressed: suppressed.size, invalid: lines.length - valid.length, already };
}
