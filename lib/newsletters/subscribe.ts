import "server-only";
import { db } from "@/lib/db";
import { siteOrigin } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record";
import { takeSubscribeAttempt } from "@/lib/auth/rate-limit";
import { mailTransport } from "@/lib/users/mail";
import { readMailSettings } from "@/lib/newsletters/settings";
import { compileEmail, escapeHtml, personalize } from "@/lib/newsletters/email";
import { eraseSubscriber } from "@/lib/newsletters/subscribers";
import { CONFIRM_HOURS, normalizeEmail, signToken, suppressionHash, verifyToken } from "@/lib/newsletters/tokens";
import { emailField } from "@/lib/newsletters/schemas";
import type { Transporter } from "nodemailer";

// The reader's side: sign up (double opt-in), confirm, change lists, unsubscribe. Nothing here tells
// the person at the form whether an address is already known: every sign-up gets the same answer,
// and what happens next happens in the address's inbox.
//
// A reader who unsubscribed (or was deleted) may sign up again through the form: the confirmation
// email proves that the address's owner wants it, and confirming lifts the suppression. An import
// never can (lib/newsletters/subscribers.ts).

export const preferencesUrl = (subscriberId: string) => `${siteOrigin()}/newsletters/preferences?token=${signToken("preferences", [subscriberId])}`;
export const unsubscribeUrl = (subscriberId: string, newsletterId: string) =>
  `${siteOrigin()}/newsletters/unsubscribe?token=${signToken("unsubscribe", [subscriberId, newsletterId])}`;

export type SignUpOutcome = "check-inbox" | "invalid-email" | "choose-list";

/**
 * A sign-up from the public form. "check-inbox" whatever happened behind it (a confirmation was
 * sent, or the honeypot was filled, the limits were used up, the address bounced before); the two
 * other answers are about the input alone.
 */
export async function requestSubscription(params: {
  email: unknown;
  newsletterIds: unknown[];
  honeypot: unknown;
  ip?: string | null;
  via?: Transporter;
}): Promise<SignUpOutcome> {
  const parsed = emailField.safeParse(typeof params.email === "string" ? params.email : "");
  if (!parsed.success) return "invalid-email";
  const email = normalizeEmail(parsed.data);
  const wanted = params.newsletterIds.filter((id): id is string => typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id));
  const lists = wanted.length
    ? await db().newsletter.findMany({ where: { id: { in: wanted }, active: true }, select: { id: true, name: true, senderName: true, senderAddress: true } })
    : [];
  if (lists.length === 0) return "choose-list";
  // A bot fills every field; people never see this one.
  if (typeof params.honeypot === "string" && params.honeypot.trim() !== "") return "check-inbox";
  if (!(await takeSubscribeAttempt({ address: email, ip: params.ip }))) {
    console.warn("[newsletter] A sign-up was refused by the rate limit (per address or per client address).");
    return "check-inbox";
  }

  const subscriber = await db().$transaction(async (tx) => {
    const row = await tx.subscriber.upsert({ where: { email }, create: { email }, update: {}, select: { id: true, status: true } });
    if (row.status === "BOUNCED") return null;
    await tx.subscription.createMany({ data: lists.map((list) => ({ subscriberId: row.id, newsletterId: list.id })), skipDuplicates: true });
    await recordAudit(tx, {
      actorId: null,
      ip: params.ip,
      action: "subscriber.request",
      entityType: "subscriber",
      entityId: row.id,
      data: { newsletters: lists.map((l) => l.id) },
    });
    return row;
  });
  if (!subscriber) return "check-inbox";

  const confirmLink = `${siteOrigin()}/newsletters/confirm?token=${signToken("confirm", [subscriber.id], new Date(Date.now() + CONFIRM_HOURS * 3600_000))}`;
  await sendConfirmation({ to: email, subscriberId: subscriber.id, lists, confirmLink, via: params.via });
  return "check-inbox";
}

async function sendConfirmation(params: {
  to: string;
  subscriberId: string;
  lists: { name: string; senderName: string; senderAddress: string }[];
  confirmLink: string;
  via?: Transporter;
}): Promise<void> {
  const mailer = params.via ?? mailTransport();
  if (!mailer) {
    console.warn("[newsletter] SMTP_URL is not set: a sign-up's confirmation email was not sent.");
    return;
  }
  const settings = await readMailSettings();
  const names = params.lists.map((l) => l.name).join(", ");
  const compiled = await compileEmail({
    newsletterName: names,
    subject: `Confirm your subscription to ${names}`,
    intro: `Someone, we hope you, asked to receive ${names} from ${settings.siteName} at this address.\n\nTo confirm, open this link within ${CONFIRM_HOURS} hours and press "Confirm subscription": ${params.confirmLink}\n\nIf it was not you, ignore this email: nothing will be sent.`,
    items: [],
    siteName: settings.siteName,
    mailingAddress: settings.mailingAddress,
    countOpens: false,
  });
  const personal = personalize(compiled, { preferencesUrl: preferencesUrl(params.subscriberId), unsubscribeUrl: preferencesUrl(params.subscriberId) });
  // The link as a button too: the intro's copy of it is plain text.
  const html = personal.html.replace(
    escapeHtml(params.confirmLink),
    `<a href="${escapeHtml(params.confirmLink)}" style="color:#111111;font-weight:700">Confirm my subscription</a>`,
  );
  const from = params.lists[0];
  try {
    await mailer.sendMail({
      from: { name: from.senderName, address: from.senderAddress },
      to: params.to,
      subject: personal.subject,
      text: personal.text,
      html,
    });
  } catch (error) {
    console.error("[newsletter] Could not send a confirmation email.", error);
  }
}

/**
 * What a confirmation link is for, to show before the reader confirms: the lists' names. Changes
 * nothing (link scanners open every link in an email). Null when the link is forged, expired or its
 * subscriber gone or bounced.
 */
export async function readConfirmation(token: unknown): Promise<{ lists: string[] } | null> {
  const parts = verifyToken("confirm", token, 1);
  if (!parts) return null;
  const subscriber = await db().subscriber.findUnique({
    where: { id: parts[0] },
    select: { status: true, subscriptions: { select: { newsletter: { select: { name: true } } }, orderBy: { newsletter: { name: "asc" } } } },
  });
  if (!subscriber || subscriber.status === "BOUNCED") return null;
  return { lists: subscriber.subscriptions.map((s) => s.newsletter.name) };
}

/** Activates what the confirmation link was sent for. Null when the link is forged, expired or its subscriber gone. */
export async function confirmSubscription(token: unknown): Promise<{ lists: string[] } | null> {
  const parts = verifyToken("confirm", token, 1);
  if (!parts) return null;
  const [subscriberId] = parts;
  return db().$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true, email: true, status: true, confirmedAt: true } });
    if (!subscriber || subscriber.status === "BOUNCED") return null;
    const now = new Date();
    await tx.subscriber.update({ where: { id: subscriberId }, data: { status: "ACTIVE", confirmedAt: subscriber.confirmedAt ?? now } });
    await tx.subscription.updateMany({ where: { subscriberId, confirmedAt: null }, data: { confirmedAt: now } });
    await tx.suppression.deleteMany({ where: { emailHash: suppressionHash(subscriber.email) } });
    await recordAudit(tx, { actorId: null, action: "subscriber.confirm", entityType: "subscriber", entityId: subscriberId });
    const lists = await tx.subscription.findMany({ where: { subscriberId }, select: { newsletter: { select: { name: true } } } });
    return { lists: lists.map((l) => l.newsletter.name) };
  });
}

export type Preferences = { email: string; lists: { id: string; name: string; description: string; subscribed: boolean }[] };

/** The preferences page's content for a signed link; null when the link is bad or the subscriber gone. */
export async function readPreferences(token: unknown): Promise<Preferences | null> {
  const parts = verifyToken("preferences", token, 1);
  if (!parts) return null;
  const subscriber = await db().subscriber.findUnique({
    where: { id: parts[0] },
    select: { email: true, subscriptions: { where: { confirmedAt: { not: null } }, select: { newsletterId: true } } },
  });
  if (!subscriber) return null;
  const mine = new Set(subscriber.subscriptions.map((s) => s.newsletterId));
  const lists = await db().newsletter.findMany({
    where: { OR: [{ active: true }, { id: { in: [...mine] } }] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, description: true },
  });
  return { email: subscriber.email, lists: lists.map((list) => ({ ...list, subscribed: mine.has(list.id) })) };
}

/**
 * Sets the reader's lists to exactly `newsletterIds` (the signed link proves the mailbox, so new
 * lists need no second confirmation). None left: the subscriber is erased for good.
 */
export async function updatePreferences(token: unknown, newsletterIds: unknown[]): Promise<"saved" | "unsubscribed" | null> {
  const parts = verifyToken("preferences", token, 1);
  if (!parts) return null;
  const [subscriberId] = parts;
  const wanted = newsletterIds.filter((id): id is string => typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id));
  return db().$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true, email: true, status: true } });
    if (!subscriber) return null;
    const lists = wanted.length ? await tx.newsletter.findMany({ where: { id: { in: wanted } }, select: { id: true } }) : [];
    if (lists.length === 0) {
      await eraseSubscriber(tx, subscriber, "unsubscribed");
      await recordAudit(tx, { actorId: null, action: "subscriber.unsubscribe", entityType: "subscriber", entityId: subscriberId, data: { all: true } });
      return "unsubscribed";
    }
    const now = new Date();
    await tx.subscription.deleteMany({ where: { subscriberId, newsletterId: { notIn: lists.map((l) => l.id) } } });
    await tx.subscription.createMany({ data: lists.map((l) => ({ subscriberId, newsletterId: l.id, confirmedAt: now })), skipDuplicates: true });
    await tx.subscription.updateMany({ where: { subscriberId, confirmedAt: null }, data: { confirmedAt: now } });
    if (subscriber.status === "PENDING") await tx.subscriber.update({ where: { id: subscriberId }, data: { status: "ACTIVE", confirmedAt: now } });
    await recordAudit(tx, {
      actorId: null,
      action: "subscriber.preferences",
      entityType: "subscriber",
      entityId: subscriberId,
      data: { newsletters: lists.map((l) => l.id) },
    });
    return "saved";
  });
}

/**
 * The one-click unsubscribe (RFC 8058) of one list. When it was the reader's last list, the
 * subscriber is erased for good. Repeating it is harmless. False for a forged link.
 */
export async function unsubscribeOneClick(token: unknown): Promise<boolean> {
  const parts = verifyToken("unsubscribe", token, 2);
  if (!parts) return false;
  const [subscriberId, newsletterId] = parts;
  await db().$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true, email: true } });
    if (!subscriber) return;
    await tx.subscription.deleteMany({ where: { subscriberId, newsletterId } });
    const left = await tx.subscription.count({ where: { subscriberId, confirmedAt: { not: null } } });
    if (left === 0) await eraseSubscriber(tx, subscriber, "unsubscribed");
    await recordAudit(tx, {
      actorId: null,
      action: "subscriber.unsubscribe",
      entityType: "subscriber",
      entityId: subscriberId,
      data: { newsletterId, all: left === 0 },
    });
  });
  return true;
}

/** Counts an open (only ever called when open counting is on and the email carried the image). */
export async function recordOpen(token: unknown): Promise<void> {
  const parts = verifyToken("open", token, 1);
  if (!parts || !/^\d{1,18}$/.test(parts[0])) return;
  await db().delivery.updateMany({ where: { id: BigInt(parts[0]), openedAt: null }, data: { openedAt: new Date() } });
}

/** How long an unconfirmed sign-up is kept: well past its link's 48 hours, then forgotten. */
export const UNCONFIRMED_DAYS = 7;

/**
 * Forgets sign-ups nobody confirmed: subscribers never confirmed, and lists asked for but not
 * confirmed. No suppression is left: these addresses never consented to anything.
 */
export async function forgetUnconfirmed(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - UNCONFIRMED_DAYS * 86400_000);
  const [subscribers] = await db().$transaction([
    db().subscriber.deleteMany({ where: { status: "PENDING", confirmedAt: null, createdAt: { lt: before } } }),
    db().subscription.deleteMany({ where: { confirmedAt: null, createdAt: { lt: before } } }),
  ]);
  return subscribers.count;
}
