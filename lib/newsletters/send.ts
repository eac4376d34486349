import "server-only";
import type { Transporter } from "nodemailer";
import { db } from "@/lib/db";
import { newsletterRate, siteOrigin } from "@/lib/env";
import { mailTransport } from "@/lib/users/mail";
import { compileEmail } from "@/lib/newsletters/email";
import { buildMessageTemplate, type MessageTemplate } from "@/lib/newsletters/mime";
import { readItems } from "@/lib/newsletters/digest";
import { readMailSettings } from "@/lib/newsletters/settings";
import { preferencesUrl, unsubscribeUrl } from "@/lib/newsletters/subscribe";
import { signToken, suppressionHash } from "@/lib/newsletters/tokens";

// Sending an issue: never twice to one address, even when a server dies mid-send or two servers run
// the same job.
//
// Each issue has one Delivery row per subscriber (unique issue x subscriber), made when it is queued.
// A sender claims a few QUEUED rows at a time (FOR UPDATE SKIP LOCKED, so two senders never claim
// the same row) and commits the claim (SENDING) before it talks to the SMTP server; it marks the
// chunk's rows SENT once the server accepted their messages. A crash between those two leaves the row SENDING: that
// is the only window, and it holds at most one chunk (CHUNK_MAX messages in flight, fewer at low rates: a quarter second of them). Such a claim,
// once older than `staleAfterSeconds`, is not sent again: the server may have accepted it, and a
// second copy is worse than a missing one, so it is marked FAILED ("not confirmed") for the
// newsroom to see. At most once, by choice.
//
// What the SMTP server says decides the rest:
//   2xx: SENT.  5xx: BOUNCED (the address is marked bounced and gets nothing more).
//   4xx, or no connection at all: retried with backoff (retryBaseSeconds, doubling), up to
//   MAX_ATTEMPTS, then FAILED.  A connection lost after the message went out: FAILED, not retried.

export const MAX_ATTEMPTS = 5;
const CHUNK_MAX = 20;

export type SendOptions = {
  /** A transport of one's own (a benchmark's, a test's); otherwise the pooled one for SMTP_URL. */
  via?: Transporter;
  /** Messages per second (NEWSLETTER_RATE by default). */
  rate?: number;
  /** Stop claiming after this long (ms), so that a job hands over to the next one. */
  runForMs?: number;
  /** Stop after this many messages (a sender stopped mid-batch). */
  maxMessages?: number;
  staleAfterSeconds?: number;
  retryBaseSeconds?: number;
  /** Called once the SMTP server accepted a message, before it is marked sent: a crash there is the window above. */
  afterAccepted?: (deliveryId: bigint) => void | Promise<void>;
};

export type SendResult = { done: boolean; sent: number; next: Date | null };

type Claimed = { id: bigint; subscriberId: string; email: string | null; attempts: number; eligible: boolean };

// An issue's message per process, by issue, version and sender (compiling is the slow part, not
// sending): the MJML compiled once, and the MIME message built once from it (lib/newsletters/mime.ts).
const prepared = new Map<string, Promise<MessageTemplate>>();

async function preparedIssue(
  issue: {
    id: string;
    updatedAt: Date;
    subject: string;
    intro: string;
    items: unknown;
    kind: string;
    newsletter: { name: string; slug: string; senderName: string; senderAddress: string };
  },
  listId: string,
) {
  const { newsletter } = issue;
  const key = JSON.stringify([issue.id, issue.updatedAt.getTime(), newsletter.name, newsletter.senderName, newsletter.senderAddress, listId]);
  let template = prepared.get(key);
  if (!template) {
    template = readMailSettings()
      .then((settings) =>
        compileEmail({
          newsletterName: newsletter.name,
          subject: issue.subject,
          intro: issue.intro,
          items: readItems(issue.items),
          kicker: issue.kind === "ALERT" ? "Breaking news" : undefined,
          ...settings,
        }),
      )
      .then((email) =>
        buildMessageTemplate(email, {
          from: { name: headerText(newsletter.senderName), address: newsletter.senderAddress },
          listId,
        }),
      );
    template.catch(() => prepared.delete(key));
    if (prepared.size > 20) prepared.clear();
    prepared.set(key, template);
  }
  return template;
}

/** A header value with nothing that could end the header or the angle brackets. */
const headerText = (text: string) => text.replace(/[\r\n<>"]/g, " ").trim();

function classify(error: unknown): "bounced" | "retry" | "uncertain" {
  const e = error as { responseCode?: number; code?: string; command?: string };
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 500) return "bounced";
    if (e.responseCode >= 400) return "retry";
  }
  // Never connected (the server is down, its name does not resolve, the login was refused): nothing
  // went out. A connection lost or timed out later may have delivered the message: not retried.
  if (e.command === "CONN" || e.code === "EDNS" || e.code === "EAUTH") return "retry";
  return "uncertain";
}

async function claim(issueId: string, count: number): Promise<Claimed[]> {
  return db().$queryRaw<Claimed[]>`
    WITH picked AS (
      SELECT id FROM "Delivery"
      WHERE "issueId" = ${issueId}::uuid AND status = 'QUEUED' AND "nextAttemptAt" <= now()
      ORDER BY id LIMIT ${count}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Delivery" d SET status = 'SENDING', "claimedAt" = now(), attempts = d.attempts + 1
    FROM picked JOIN "NewsletterIssue" i ON i.id = ${issueId}::uuid
    WHERE d.id = picked.id AND i.status = 'SENDING'
    RETURNING d.id, d."subscriberId", d.attempts,
      (SELECT s.email FROM "Subscriber" s WHERE s.id = d."subscriberId") AS email,
      EXISTS (
        SELECT 1 FROM "Subscriber" s JOIN "Subscription" sub ON sub."subscriberId" = s.id
        WHERE s.id = d."subscriberId" AND s.status = 'ACTIVE' AND sub."newsletterId" = i."newsletterId" AND sub."confirmedAt" IS NOT NULL
      ) AS eligible`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends what is due of an issue, at the configured rate, until nothing is due, the issue is paused,
 * or the options say stop. `done` once every delivery is settled (the issue is then SENT); otherwise
 * `next` says when something becomes due (a retry, a stale claim).
 */
export async function sendIssue(issueId: string, options: SendOptions = {}): Promise<SendResult> {
  const rate = options.rate ?? newsletterRate();
  const staleAfter = options.staleAfterSeconds ?? 600;
  const retryBase = options.retryBaseSeconds ?? 60;
  const mailer = options.via ?? mailTransport("pooled");
  if (!mailer) throw new Error("SMTP_URL is not set: newsletters cannot be sent.");
  const stopAt = options.runForMs === undefined ? Infinity : Date.now() + options.runForMs;

  const issue = await db().newsletterIssue.findUnique({
    where: { id: issueId },
    select: {
      id: true,
      status: true,
      kind: true,
      subject: true,
      intro: true,
      items: true,
      updatedAt: true,
      newsletterId: true,
      newsletter: { select: { name: true, slug: true, senderName: true, senderAddress: true } },
    },
  });
  if (!issue || (issue.status !== "QUEUED" && issue.status !== "SENDING")) return { done: true, sent: 0, next: null };
  await db().newsletterIssue.updateMany({ where: { id: issueId, status: "QUEUED" }, data: { status: "SENDING" } });

  // Claims a crashed sender left behind: not sent again (see above).
  await db().$executeRaw`
    UPDATE "Delivery" SET status = 'FAILED', "lastError" = 'The sender stopped before the SMTP server confirmed this message; not sent again, so that no one gets it twice.'
    WHERE "issueId" = ${issueId}::uuid AND status = 'SENDING' AND "claimedAt" < now() - make_interval(secs => ${staleAfter})`;

  const { newsletter } = issue;
  const listId = `${headerText(newsletter.name)} <${newsletter.slug}.${new URL(siteOrigin()).hostname}>`;
  const template = await preparedIssue(issue, listId);
  const origin = siteOrigin();
  const chunkSize = Math.max(1, Math.min(CHUNK_MAX, Math.ceil(rate / 4)));
  const interval = 1000 / rate;
  let nextSlot = Date.now();
  let sent = 0;
  const started = Date.now();

  /** Sends one claimed message; true once the SMTP server accepted it (the caller marks those sent together). */
  const deliver = async (row: Claimed): Promise<boolean> => {
    if (!row.email || !row.eligible) {
      await db().delivery.update({ where: { id: row.id }, data: { status: "FAILED", lastError: "No longer subscribed when it was due." } });
      return false;
    }
    try {
      const { raw, envelope } = template.render(row.email, {
        preferencesUrl: preferencesUrl(row.subscriberId),
        unsubscribeUrl: unsubscribeUrl(row.subscriberId, issue.newsletterId),
        openUrl: template.slots.has("open") ? `${origin}/newsletters/open?token=${signToken("open", [row.id.toString()])}` : undefined,
      });
      await mailer.sendMail({ envelope, raw });
    } catch (error) {
      const kind = classify(error);
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      if (kind === "bounced") {
        await db().$transaction([
          db().delivery.update({ where: { id: row.id }, data: { status: "BOUNCED", lastError: message } }),
          db().subscriber.update({ where: { id: row.subscriberId }, data: { status: "BOUNCED" } }),
          db().suppression.upsert({
            where: { emailHash: suppressionHash(row.email) },
            create: { emailHash: suppressionHash(row.email), reason: "bounced" },
            update: {},
          }),
        ]);
      } else if (kind === "retry" && row.attempts < MAX_ATTEMPTS) {
        const delay = retryBase * 2 ** (row.attempts - 1);
        await db().delivery.update({
          where: { id: row.id },
          data: { status: "QUEUED", lastError: message, nextAttemptAt: new Date(Date.now() + delay * 1000) },
        });
      } else {
        await db().delivery.update({
          where: { id: row.id },
          data: { status: "FAILED", lastError: kind === "retry" ? `Gave up after ${row.attempts} attempts: ${message}` : message },
        });
      }
      return false;
    }
    await options.afterAccepted?.(row.id);
    return true;
  };

  for (;;) {
    if (Date.now() >= stopAt) break;
    const budget = options.maxMessages === undefined ? chunkSize : Math.min(chunkSize, options.maxMessages - sent);
    if (budget <= 0) break;
    const rows = await claim(issueId, budget);
    if (rows.length === 0) {
      const current = await db().newsletterIssue.findUnique({ where: { id: issueId }, select: { status: true } });
      if (current?.status !== "SENDING") return { done: true, sent, next: null }; // paused (or deleted)
      break;
    }
    const inFlight: Promise<boolean>[] = [];
    for (const row of rows) {
      const wait = nextSlot - Date.now();
      if (wait > 0) await sleep(wait);
      // The time spent between chunks (claiming, marking) is made up by sending up to a chunk's
      // worth back to back, so that the rate holds on average instead of falling short of it.
      nextSlot = Math.max(nextSlot, Date.now() - interval * chunkSize) + interval;
      inFlight.push(deliver(row));
    }
    const results = await Promise.allSettled(inFlight);
    const crashed = results.find((r) => r.status === "rejected");
    if (crashed) throw (crashed as PromiseRejectedResult).reason;
    // One statement for the chunk's accepted messages: the window above is the chunk either way.
    const accepted = rows.filter((_, i) => (results[i] as PromiseFulfilledResult<boolean>).value).map((row) => row.id);
    if (accepted.length)
      await db().$executeRaw`UPDATE "Delivery" SET status = 'SENT', "sentAt" = now(), "lastError" = NULL WHERE id = ANY(${accepted}::bigint[])`;
    sent += accepted.length;
  }

  const [pending] = await db().$queryRaw<{ queued: bigint; sending: bigint; next_due: Date | null; stale_at: Date | null }[]>`
    SELECT count(*) FILTER (WHERE status = 'QUEUED') AS queued, count(*) FILTER (WHERE status = 'SENDING') AS sending,
      min("nextAttemptAt") FILTER (WHERE status = 'QUEUED') AS next_due,
      min("claimedAt") FILTER (WHERE status = 'SENDING') + make_interval(secs => ${staleAfter}) AS stale_at
    FROM "Delivery" WHERE "issueId" = ${issueId}::uuid`;
  if (Number(pending.queued) === 0 && Number(pending.sending) === 0) {
    await db().newsletterIssue.updateMany({ where: { id: issueId, status: "SENDING" }, data: { status: "SENT", sentAt: new Date() } });
    if (sent) console.log(`[newsletter] "${issue.subject}": sent ${sent} in ${((Date.now() - started) / 1000).toFixed(1)} s; the issue is complete.`);
    return { done: true, sent, next: null };
  }
  const candidates = [pending.next_due, pending.stale_at].filter((d): d is Date => d !== null);
  const next = candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : new Date();
  return { done: false, sent, next };
}
