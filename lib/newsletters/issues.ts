import "server-only";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ForbiddenError, InvalidError, NotFoundError } from "@/lib/errors";
import { readSiteSettings } from "@/lib/settings/site";
import { formatApDate, localParts } from "@/lib/time/ap-style";
import { enqueueNewsletterSend } from "@/lib/scheduling/queue";
import { digestItemsFor, frontPageDigestItems, readItems, type DigestItem } from "@/lib/newsletters/digest";
import { publiclyVisible } from "@/lib/stories/visibility";
import { compileEmail, personalize } from "@/lib/newsletters/email";
import { readMailSettings } from "@/lib/newsletters/settings";
import type { IssueStatus } from "@/lib/generated/prisma/enums";

// Issues: a digest an editor prepares from the front page, previews, rearranges and sends (or that
// goes by itself at its daily time), and breaking-news alerts sent from a story. Queueing an issue
// makes its Delivery rows, one per confirmed subscriber, in the same transaction; the send itself
// is a pg-boss job (lib/newsletters/send.ts).

/** Who sends the daily digests that go by themselves. */
export const NEWSLETTER_ACTOR: Actor = { id: "system", name: "Newsletter scheduler", email: "", role: "EDITOR", kind: "system" };

function assertSender(actor: Actor) {
  if (!can(actor, "newsletter.send")) throw new ForbiddenError("Only editors can prepare and send newsletters.");
}

/** "2026-12-02": the newsroom-local day an issue of a daily newsletter belongs to. */
function dayKey(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The edition a digest prepared now is for: today's, until its time has passed; then tomorrow's. */
function nextEdition(sendTime: string, now: Date, timeZone: string): { edition: string; day: Date } {
  const { hour, minute } = localParts(now, timeZone);
  const passed = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}` >= sendTime;
  const day = passed ? new Date(now.getTime() + 86400_000) : now;
  return { edition: dayKey(day, timeZone), day };
}

/**
 * The draft of a newsletter's next digest, made from the front page when there is none yet (an
 * editor may then edit it until it goes). For an on-demand list, a new one-off issue each time.
 */
export async function prepareDigest(actor: Actor, newsletterId: string): Promise<{ issueId: string }> {
  assertSender(actor);
  const newsletter = await db().newsletter.findUnique({ where: { id: newsletterId }, select: { id: true, name: true, sendTime: true } });
  if (!newsletter) throw new NotFoundError("This newsletter no longer exists.");
  const { timeZone } = await readSiteSettings();
  const now = new Date();
  const { edition, day } = newsletter.sendTime ? nextEdition(newsletter.sendTime, now, timeZone) : { edition: `manual:${now.toISOString()}`, day: now };
  const existing = await db().newsletterIssue.findUnique({ where: { newsletterId_edition: { newsletterId, edition } }, select: { id: true, status: true } });
  if (existing) {
    if (existing.status !== "DRAFT") throw new InvalidError("The next issue of this newsletter is already on its way.");
    return { issueId: existing.id };
  }
  return createDigest(actor, newsletter, edition, `${newsletter.name}: ${formatApDate(day, timeZone)}`);
}

async function createDigest(actor: Actor, newsletter: { id: string }, edition: string, subject: string): Promise<{ issueId: string }> {
  const items = await frontPageDigestItems();
  return db().$transaction(async (tx) => {
    const issue = await tx.newsletterIssue.create({
      data: { newsletterId: newsletter.id, kind: "DIGEST", edition, subject, items, createdById: actor.kind === "user" ? actor.id : null },
      select: { id: true },
    });
    await recordAudit(tx, { actor, action: "newsletter.issue.create", entityType: "newsletterIssue", entityId: issue.id, data: { edition } });
    return { issueId: issue.id };
  });
}

/** The editor's changes to a draft: subject, introduction, and which stories in which order. */
export async function updateIssue(actor: Actor, params: { issueId: string; subject: string; intro: string; storyIds: string[] }): Promise<void> {
  assertSender(actor);
  const items = await digestItemsFor([...new Set(params.storyIds)]);
  await db().$transaction(async (tx) => {
    const issue = await tx.newsletterIssue.findUnique({ where: { id: params.issueId }, select: { status: true } });
    if (!issue) throw new NotFoundError("This issue no longer exists.");
    if (issue.status !== "DRAFT") throw new InvalidError("This issue is already on its way; it can no longer be changed.");
    await tx.newsletterIssue.update({ where: { id: params.issueId }, data: { subject: params.subject, intro: params.intro, items } });
    await recordAudit(tx, {
      actor,
      action: "newsletter.issue.update",
      entityType: "newsletterIssue",
      entityId: params.issueId,
      data: { stories: items.length },
    });
  });
}

/**
 * Queues a draft for sending: refreshes its stories through the visibility rule (one unpublished
 * since is left out), makes one delivery per confirmed, active subscriber, and wakes a sender.
 */
export async function queueIssue(actor: Actor, issueId: string): Promise<{ recipients: number }> {
  assertSender(actor);
  const draft = await db().newsletterIssue.findUnique({ where: { id: issueId }, select: { items: true, kind: true } });
  if (!draft) throw new NotFoundError("This issue no longer exists.");
  const items = await digestItemsFor(readItems(draft.items).map((item) => item.storyId));
  if (items.length === 0) throw new InvalidError("This issue has no stories readers can see. Add a published story first.");
  const recipients = await db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: IssueStatus; newsletterId: string }[]>`
      SELECT status, "newsletterId" FROM "NewsletterIssue" WHERE id = ${issueId}::uuid FOR UPDATE`;
    if (!locked) throw new NotFoundError("This issue no longer exists.");
    if (locked.status !== "DRAFT") throw new InvalidError("This issue was already sent or is on its way.");
    const created = await tx.$executeRaw`
      INSERT INTO "Delivery" ("issueId", "subscriberId")
      SELECT ${issueId}::uuid, s.id FROM "Subscriber" s
      JOIN "Subscription" sub ON sub."subscriberId" = s.id AND sub."newsletterId" = ${locked.newsletterId}::uuid AND sub."confirmedAt" IS NOT NULL
      WHERE s.status = 'ACTIVE'
      ON CONFLICT ("issueId", "subscriberId") DO NOTHING`;
    await tx.newsletterIssue.update({ where: { id: issueId }, data: { status: "QUEUED", queuedAt: new Date(), recipients: created, items } });
    await recordAudit(tx, { actor, action: "newsletter.issue.send", entityType: "newsletterIssue", entityId: issueId, data: { recipients: created } });
    return created;
  });
  await wakeSender(issueId);
  return { recipients };
}

async function wakeSender(issueId: string) {
  try {
    await enqueueNewsletterSend(issueId);
  } catch (error) {
    // The issue is queued (committed); the minute's sweep finds it and sends it.
    console.error(`[newsletter] Could not queue the send job of issue ${issueId}; the sweep will start it.`, error);
  }
}

export async function pauseIssue(actor: Actor, issueId: string): Promise<void> {
  assertSender(actor);
  await setSendState(actor, issueId, ["QUEUED", "SENDING"], "PAUSED", "newsletter.issue.pause", "Only an issue that is being sent can be paused.");
}

export async function resumeIssue(actor: Actor, issueId: string): Promise<void> {
  assertSender(actor);
  await setSendState(actor, issueId, ["PAUSED"], "SENDING", "newsletter.issue.resume", "Only a paused issue can be resumed.");
  await wakeSender(issueId);
}

async function setSendState(actor: Actor, issueId: string, from: IssueStatus[], to: IssueStatus, action: string, refusal: string) {
  await db().$transaction(async (tx) => {
    const updated = await tx.newsletterIssue.updateMany({ where: { id: issueId, status: { in: from } }, data: { status: to } });
    if (updated.count === 0) {
      const exists = await tx.newsletterIssue.findUnique({ where: { id: issueId }, select: { id: true } });
      throw exists ? new InvalidError(refusal) : new NotFoundError("This issue no longer exists.");
    }
    await recordAudit(tx, { actor, action, entityType: "newsletterIssue", entityId: issueId });
  });
}

/** The on-demand lists an alert for this story could go to, with how many readers each reaches. */
export async function alertAudiences(actor: Actor): Promise<{ id: string; name: string; subscribers: number }[]> {
  if (!can(actor, "newsletter.send")) return [];
  const lists = await db().newsletter.findMany({ where: { active: true, sendTime: null }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  const counts = await db().subscription.groupBy({
    by: ["newsletterId"],
    where: { newsletterId: { in: lists.map((l) => l.id) }, confirmedAt: { not: null }, subscriber: { status: "ACTIVE" } },
    _count: { _all: true },
  });
  const byList = new Map(counts.map((c) => [c.newsletterId, c._count._all]));
  return lists.map((list) => ({ ...list, subscribers: byList.get(list.id) ?? 0 }));
}

/** A breaking-news alert of a published story to an on-demand list: once per story and list. */
export async function sendStoryAlert(actor: Actor, params: { storyId: string; newsletterId: string }): Promise<{ issueId: string; recipients: number }> {
  assertSender(actor);
  const story = await db().story.findFirst({ where: await publiclyVisible({ id: params.storyId }), select: { id: true, headline: true } });
  if (!story) throw new InvalidError("Only a published story that readers can see can be sent as an alert.");
  const newsletter = await db().newsletter.findUnique({ where: { id: params.newsletterId }, select: { id: true, active: true } });
  if (!newsletter?.active) throw new InvalidError("That alert list no longer exists or is switched off.");
  const items: DigestItem[] = await digestItemsFor([story.id]);
  const edition = `alert:${story.id}`;
  const issue = await db().$transaction(async (tx) => {
    const existing = await tx.newsletterIssue.findUnique({ where: { newsletterId_edition: { newsletterId: newsletter.id, edition } }, select: { id: true } });
    if (existing) throw new InvalidError("An alert for this story already went to this list.");
    const created = await tx.newsletterIssue.create({
      data: {
        newsletterId: newsletter.id,
        kind: "ALERT",
        edition,
        subject: story.headline,
        items,
        storyId: story.id,
        createdById: actor.kind === "user" ? actor.id : null,
      },
      select: { id: true },
    });
    await recordAudit(tx, { actor, action: "newsletter.alert.create", entityType: "newsletterIssue", entityId: created.id, data: { storyId: story.id } });
    return created;
  });
  const { recipients } = await queueIssue(actor, issue.id);
  return { issueId: issue.id, recipients };
}

export type IssueProgress = {
  status: IssueStatus;
  recipients: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  bounced: number;
  opened: number;
};

/** How far an issue's send has come, for the newsroom's live view. */
export async function issueProgress(actor: Actor, issueId: string): Promise<IssueProgress> {
  assertSender(actor);
  const issue = await db().newsletterIssue.findUnique({ where: { id: issueId }, select: { status: true, recipients: true } });
  if (!issue) throw new NotFoundError("This issue no longer exists.");
  const [counts] = await db().$queryRaw<Record<"queued" | "sending" | "sent" | "failed" | "bounced" | "opened", bigint>[]>`
    SELECT count(*) FILTER (WHERE status = 'QUEUED') AS queued, count(*) FILTER (WHERE status = 'SENDING') AS sending,
      count(*) FILTER (WHERE status = 'SENT') AS sent, count(*) FILTER (WHERE status = 'FAILED') AS failed,
      count(*) FILTER (WHERE status = 'BOUNCED') AS bounced, count("openedAt") AS opened
    FROM "Delivery" WHERE "issueId" = ${issueId}::uuid`;
  return {
    status: issue.status,
    recipients: issue.recipients,
    queued: Number(counts.queued),
    sending: Number(counts.sending),
    sent: Number(counts.sent),
    failed: Number(counts.failed),
    bounced: Number(counts.bounced),
    opened: Number(counts.opened),
  };
}

export async function listIssuesForDesk(actor: Actor) {
  assertSender(actor);
  return db().newsletterIssue.findMany({
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      subject: true,
      kind: true,
      status: true,
      recipients: true,
      createdAt: true,
      queuedAt: true,
      sentAt: true,
      newsletter: { select: { name: true } },
    },
  });
}

export async function getIssueForDesk(actor: Actor, issueId: string) {
  assertSender(actor);
  const issue = await db().newsletterIssue.findUnique({
    where: { id: issueId },
    select: {
      id: true,
      subject: true,
      intro: true,
      items: true,
      kind: true,
      status: true,
      recipients: true,
      newsletterId: true,
      newsletter: { select: { name: true, sendTime: true } },
    },
  });
  return issue && { ...issue, items: readItems(issue.items) };
}

/**
 * The daily digests whose time has come (in the newsroom zone) and that have not gone today: the
 * draft an editor prepared goes as it is; with none, one is made from the front page. Within three
 * hours of the time only (a server down all morning does not send the morning briefing at night).
 * The unique (newsletter, edition) means two servers doing this at once make one issue.
 */
export async function sendDueDigests(now = new Date()): Promise<number> {
  const { timeZone } = await readSiteSettings();
  const lists = await db().newsletter.findMany({ where: { active: true, sendTime: { not: null } }, select: { id: true, name: true, sendTime: true } });
  const { hour, minute } = localParts(now, timeZone);
  const minutesNow = hour * 60 + minute;
  let started = 0;
  for (const list of lists) {
    const [h, m] = list.sendTime!.split(":").map(Number);
    const late = minutesNow - (h * 60 + m);
    if (late < 0 || late > 180) continue;
    const edition = dayKey(now, timeZone);
    let issue = await db().newsletterIssue.findUnique({
      where: { newsletterId_edition: { newsletterId: list.id, edition } },
      select: { id: true, status: true },
    });
    if (!issue) {
      try {
        const created = await createDigest(NEWSLETTER_ACTOR, list, edition, `${list.name}: ${formatApDate(now, timeZone)}`);
        issue = { id: created.issueId, status: "DRAFT" };
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") continue; // another server made it
        throw error;
      }
    }
    if (issue.status !== "DRAFT") continue;
    try {
      await queueIssue(NEWSLETTER_ACTOR, issue.id);
      started++;
    } catch (error) {
      console.error(`[newsletter] The ${list.name} of ${edition} could not be sent.`, error instanceof Error ? error.message : error);
    }
  }
  return started;
}

/** Issues that are sending but whose job was lost: woken again by the minute's sweep. */
export async function wakeStalledSends(): Promise<void> {
  const stalled = await db().newsletterIssue.findMany({
    where: { status: { in: ["QUEUED", "SENDING"] }, updatedAt: { lt: new Date(Date.now() - 60_000) } },
    select: { id: true },
  });
  for (const issue of stalled) await wakeSender(issue.id);
}

/** The issue's email as readers would get it (links to the preferences page left inert), for the newsroom's preview. */
export async function previewIssueHtml(actor: Actor, issueId: string): Promise<string> {
  assertSender(actor);
  const issue = await db().newsletterIssue.findUnique({
    where: { id: issueId },
    select: { subject: true, intro: true, items: true, kind: true, newsletter: { select: { name: true } } },
  });
  if (!issue) throw new NotFoundError("This issue no longer exists.");
  const settings = await readMailSettings();
  const compiled = await compileEmail({
    newsletterName: issue.newsletter.name,
    subject: issue.subject,
    intro: issue.intro,
    items: readItems(issue.items),
    kicker: issue.kind === "ALERT" ? "Breaking news" : undefined,
    ...settings,
    countOpens: false,
  });
  return personalize(compiled, { preferencesUrl: "#", unsubscribeUrl: "#" }).html;
}
