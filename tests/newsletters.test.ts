// Newsletters end to end against a real SMTP server started here (smtp-server; messages read back
// with mailparser) and the real database: sign-up, double opt-in, the digest, one-click unsubscribe,
// bounces and retries, a sender that dies mid-send, two senders at once, pausing, and hostile text.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import nodemailer from "nodemailer";
import type { Actor } from "@/lib/auth/permissions";
import { startSmtp, type TestSmtp } from "./support/smtp";
import { inspectHtml } from "./support/markup-safety";
import { curatedPayloads } from "./support/xss-payloads";

vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  updateTag: () => {},
  revalidateTag: () => {},
  unstable_cache: <T>(fn: T) => fn,
}));

const smtp: TestSmtp = await startSmtp();
process.env.SMTP_URL = smtp.url;

const { db } = await import("@/lib/db");
const { createStory } = await import("@/lib/stories/mutations");
const { createNewsletter } = await import("@/lib/newsletters/lists");
const { prepareDigest, queueIssue, pauseIssue, resumeIssue, sendStoryAlert, issueProgress, updateIssue } = await import("@/lib/newsletters/issues");
const { sendIssue } = await import("@/lib/newsletters/send");
const { importSubscribers, deleteSubscriber, subscribersCsv } = await import("@/lib/newsletters/subscribers");
const { readPreferences, updatePreferences } = await import("@/lib/newsletters/subscribe");
const { updateMailSettings } = await import("@/lib/newsletters/settings");
const { signToken, suppressionHash } = await import("@/lib/newsletters/tokens");
const { stopScheduler } = await import("@/lib/scheduling/worker");
const subscribeRoute = await import("@/app/(site)/newsletters/subscribe/route");
const { default: ConfirmPage } = await import("@/app/(site)/newsletters/confirm/page");
const confirmAcceptRoute = await import("@/app/(site)/newsletters/confirm/accept/route");
const unsubscribeRoute = await import("@/app/(site)/newsletters/unsubscribe/route");
const { createSection, createUser, storyValues } = await import("./support/factories");
const { pooledOptions } = await import("@/lib/users/mail");

let admin: Actor;
let editor: Actor;
let sectionId: string;
// The app's own pool settings (several connections, Nagle off), so the tests send as production does.
const via = nodemailer.createTransport(pooledOptions(smtp.url));
const FAST = { via, rate: 500, retryBaseSeconds: 0 };
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

beforeAll(async () => {
  admin = (await createUser("ADMIN")).actor;
  editor = (await createUser("EDITOR")).actor;
  sectionId = (await createSection()).id;
  await updateMailSettings(admin, { mailingAddress: "100 Main St., Springfield", countOpens: false });
});
afterAll(async () => {
  via.close();
  await stopScheduler();
  await smtp.close();
});

const publish = (headline = `Bridge reopens ${unique()}`) =>
  createStory(editor, { intent: "publish", values: storyValues({ sectionId, headline, slug: `story-${unique()}`, dek: "Traffic flows again." }) });

const newsletter = (name = `Morning briefing ${unique()}`, sendTime: string | null = "06:00") =>
  createNewsletter(admin, {
    name,
    slug: "",
    description: "The news before breakfast.",
    senderName: "The Ledger",
    senderAddress: "news@ledger.test",
    sendTime,
    active: true,
  });

/** Confirmed, active subscribers of a list, made directly (as an import would). */
async function subscribers(newsletterId: string, addresses: string[]) {
  const result = await importSubscribers(admin, { newsletterId, addresses: addresses.join("\n") });
  expect(result.added).toBe(addresses.length);
}

const messagesTo = (address: string) => smtp.received.filter((r) => r.to === address);

function post(route: { POST: (r: Request) => Promise<Response> }, url: string, body: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) for (const v of [value].flat()) form.append(key, v);
  return route.POST(new Request(url, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded" } }));
}

async function issueOf(newsletterId: string) {
  await publish();
  const { issueId } = await prepareDigest(editor, newsletterId);
  return issueId;
}

describe("a reader signs up", () => {
  it("subscribes through the plain form, confirms on the page the emailed link opens, and receives the digest with one-click unsubscribe headers", async () => {
    const name = `Morning briefing ${unique()}`;
    const list = await newsletter(name);
    const address = `reader-${unique()}@example.test`;
    const answer = await post(subscribeRoute, "http://localhost/newsletters/subscribe", {
      email: `  ${address.toUpperCase()} `,
      newsletter: list.id,
      website: "",
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/newsletters/check-your-inbox");

    const [confirmation] = messagesTo(address);
    expect(confirmation.mail?.subject).toMatch(/Confirm your subscription/);
    const link = confirmation.mail!.text!.match(/https?:\/\/\S+\/newsletters\/confirm\?token=\S+/)![0];

    // Opening the link (as a mail provider's link scanner does) shows the lists and a button, and
    // confirms nothing: nothing is sent before the reader presses it.
    const token = new URL(link).searchParams.get("token")!;
    const page = renderToStaticMarkup(await ConfirmPage({ searchParams: Promise.resolve({ token }) }));
    expect(page).toContain(`<li class="font-semibold">${name}</li>`);
    expect(page).toMatch(/<form[^>]* action="\/newsletters\/confirm\/accept" method="post">/);
    expect(page).toContain(`<input type="hidden" name="token" value="${token}"/>`);
    expect(page).toMatch(/<button type="submit"[^>]*>Confirm subscription<\/button>/);
    const early = await issueOf(list.id);
    expect(await queueIssue(editor, early)).toEqual({ recipients: 0 });

    const confirmed = await post(confirmAcceptRoute, "http://localhost/newsletters/confirm/accept", { token });
    expect([confirmed.status, confirmed.headers.get("location")]).toEqual([303, "/newsletters/confirmed"]);

    const story = await publish(`Council passes budget ${unique()}`);
    await db().newsletterIssue.deleteMany({ where: { id: early } });
    const issueId = await issueOf(list.id);
    expect(await queueIssue(editor, issueId)).toEqual({ recipients: 1 });
    expect(await sendIssue(issueId, FAST)).toMatchObject({ done: true, sent: 1 });

    const digest = messagesTo(address).at(-1)!.mail!;
    expect(digest.subject).toMatch(/^Morning briefing/);
    expect(digest.html).toContain(`/stories/${story.slug}`);
    expect(digest.text).toContain("100 Main St., Springfield");
    const header = (name: string) =>
      digest.headerLines
        .find((h) => h.key === name)
        ?.line.replace(/^[^:]+:\s*/, "")
        .replace(/\r?\n\s+/g, " ");
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(header("list-id")).toMatch(/^Morning briefing \S+ <morning-briefing-[a-z0-9-]+\.localhost>$/);
    const unsubscribeUrl = header("list-unsubscribe")!.replace(/^<|>$/g, "");
    expect(unsubscribeUrl).toMatch(/^http:\/\/localhost:\d+\/newsletters\/unsubscribe\?token=/);
    // No tracking image unless open counting is on.
    expect(digest.html).not.toMatch(/newsletters\/open/);
    expect(await issueProgress(editor, issueId)).toMatchObject({ status: "SENT", sent: 1, queued: 0, failed: 0, bounced: 0 });

    // RFC 8058: a POST with that body, no cookie, no CSRF token.
    const done = await unsubscribeRoute.POST(
      new Request(unsubscribeUrl, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    );
    expect(done.status).toBe(200);
    expect(await db().subscriber.findUnique({ where: { email: address } })).toBeNull();
    expect(await db().suppression.findUnique({ where: { emailHash: suppressionHash(address) } })).toMatchObject({ reason: "unsubscribed" });
    // An import cannot bring the address back.
    expect(await importSubscribers(admin, { newsletterId: list.id, addresses: address })).toMatchObject({ added: 0, suppressed: 1 });
  });

  it("answers every sign-up the same way and sends nothing for a filled honeypot", async () => {
    const list = await newsletter();
    const address = `known-${unique()}@example.test`;
    await subscribers(list.id, [address]);
    const before = smtp.received.length;
    const known = await post(subscribeRoute, "http://localhost/newsletters/subscribe", { email: address, newsletter: list.id, website: "" });
    const unknown = await post(subscribeRoute, "http://localhost/newsletters/subscribe", {
      email: `new-${unique()}@example.test`,
      newsletter: list.id,
      website: "",
    });
    const bot = await post(subscribeRoute, "http://localhost/newsletters/subscribe", {
      email: `bot-${unique()}@example.test`,
      newsletter: list.id,
      website: "http://spam.test",
    });
    for (const answer of [known, unknown, bot]) expect([answer.status, answer.headers.get("location")]).toEqual([303, "/newsletters/check-your-inbox"]);
    expect(smtp.received.length - before).toBe(2);

    const invalid = await post(subscribeRoute, "http://localhost/newsletters/subscribe", { email: "not an address", newsletter: list.id });
    expect(invalid.headers.get("location")).toBe("/newsletters?error=email&email=not%20an%20address");
  });

  it("sends an expired or forged confirmation link to the link-expired page, opened or posted", async () => {
    const list = await newsletter();
    const address = `late-${unique()}@example.test`;
    await post(subscribeRoute, "http://localhost/newsletters/subscribe", { email: address, newsletter: list.id, website: "" });
    const { id } = await db().subscriber.findUniqueOrThrow({ where: { email: address }, select: { id: true } });
    const expired = signToken("confirm", [id], new Date(Date.now() - 1000));
    const forged = `${signToken("confirm", [id], new Date(Date.now() + 3600_000)).slice(0, -2)}xx`;
    for (const token of [expired, forged, ""]) {
      await expect(ConfirmPage({ searchParams: Promise.resolve({ token }) })).rejects.toMatchObject({
        digest: expect.stringMatching(/^NEXT_REDIRECT;\w+;\/newsletters\/link-expired;/),
      });
      const answer = await post(confirmAcceptRoute, "http://localhost/newsletters/confirm/accept", { token });
      expect([answer.status, answer.headers.get("location")]).toEqual([303, "/newsletters/link-expired"]);
    }
    const notAForm = await confirmAcceptRoute.POST(
      new Request("http://localhost/newsletters/confirm/accept", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
    );
    expect(notAForm.headers.get("location")).toBe("/newsletters/link-expired");
    expect(await db().subscription.findFirstOrThrow({ where: { subscriberId: id }, select: { confirmedAt: true } })).toEqual({ confirmedAt: null });
  });

  it("sends at most three confirmation emails an hour to one address, however often the form is posted", async () => {
    const list = await newsletter();
    const address = `target-${unique()}@example.test`;
    for (let i = 0; i < 6; i++) await post(subscribeRoute, "http://localhost/newsletters/subscribe", { email: address, newsletter: list.id });
    expect(messagesTo(address)).toHaveLength(3);
  });

  it("changes lists and unsubscribes from everything on the preferences page", async () => {
    const [a, b] = [await newsletter(), await newsletter("Breaking news", null)];
    const address = `prefs-${unique()}@example.test`;
    await subscribers(a.id, [address]);
    const subscriber = await db().subscriber.findUniqueOrThrow({ where: { email: address } });
    const { preferencesUrl } = await import("@/lib/newsletters/subscribe");
    const token = new URL(preferencesUrl(subscriber.id)).searchParams.get("token");
    expect(await readPreferences(`${token}x`)).toBeNull();
    expect(await updatePreferences(token, [b.id])).toBe("saved");
    const prefs = await readPreferences(token);
    expect(prefs?.lists.filter((l) => l.subscribed).map((l) => l.id)).toEqual([b.id]);
    expect(await updatePreferences(token, [])).toBe("unsubscribed");
    expect(await db().subscriber.count({ where: { email: address } })).toBe(0);
    expect(await readPreferences(token)).toBeNull();
  });
});

describe("delivery", () => {
  it("marks a 5xx bounced and retries a 4xx until it goes", async () => {
    const list = await newsletter();
    const [ok, bounce, later] = ["ok", "bounce", "later"].map((who) => `${who}-${unique()}@example.test`);
    await subscribers(list.id, [ok, bounce, later]);
    smtp.refuse(bounce, 550);
    smtp.refuse(later, 451, 2);
    const issueId = await issueOf(list.id);
    await queueIssue(editor, issueId);
    expect(await sendIssue(issueId, FAST)).toMatchObject({ done: true });
    expect(messagesTo(ok)).toHaveLength(1);
    expect(messagesTo(later)).toHaveLength(1);
    expect(messagesTo(bounce)).toHaveLength(0);
    const rows = await db().delivery.findMany({
      where: { issueId },
      select: { status: true, attempts: true, subscriber: { select: { email: true, status: true } } },
    });
    const byEmail = Object.fromEntries(rows.map((r) => [r.subscriber.email, r]));
    expect(byEmail[bounce]).toMatchObject({ status: "BOUNCED", subscriber: { status: "BOUNCED" } });
    expect(byEmail[later]).toMatchObject({ status: "SENT", attempts: 3 });
    expect(await issueProgress(editor, issueId)).toMatchObject({ status: "SENT", sent: 2, bounced: 1 });
  });

  it("resumes after a sender died between the server's acceptance and its record, and sends no address twice", async () => {
    const list = await newsletter();
    const addresses = Array.from({ length: 40 }, (_, i) => `crash-${i}-${unique()}@example.test`);
    await subscribers(list.id, addresses);
    const issueId = await issueOf(list.id);
    await queueIssue(editor, issueId);
    let accepted = 0;
    const dying = sendIssue(issueId, {
      ...FAST,
      afterAccepted: () => {
        if (++accepted === 7) throw new Error("the server died");
      },
    });
    await expect(dying).rejects.toThrow("the server died");
    // A sender stopped after a few messages as well (its job was killed mid-batch).
    await sendIssue(issueId, { ...FAST, maxMessages: 5, staleAfterSeconds: 3600 });
    // The next sender, once the dead one's claims are stale.
    expect(await sendIssue(issueId, { ...FAST, staleAfterSeconds: 0 })).toMatchObject({ done: true });
    const counts = smtp.countsByAddress();
    for (const address of addresses) expect([address, counts.get(address) ?? 0]).toEqual([address, 1]);
    const progress = await issueProgress(editor, issueId);
    expect(progress.status).toBe("SENT");
    // The claims in flight when it died: accepted by the server, but never confirmed, so not retried.
    expect(progress.failed).toBeGreaterThanOrEqual(1);
    expect(progress.sent + progress.failed).toBe(40);
  });

  it("two senders on the same issue at once send each address one message", async () => {
    const list = await newsletter();
    const addresses = Array.from({ length: 60 }, (_, i) => `pair-${i}-${unique()}@example.test`);
    await subscribers(list.id, addresses);
    const issueId = await issueOf(list.id);
    await queueIssue(editor, issueId);
    const other = nodemailer.createTransport(pooledOptions(smtp.url));
    await Promise.all([sendIssue(issueId, FAST), sendIssue(issueId, { ...FAST, via: other })]);
    other.close();
    const counts = smtp.countsByAddress();
    expect(addresses.map((a) => counts.get(a) ?? 0)).toEqual(addresses.map(() => 1));
    expect(await issueProgress(editor, issueId)).toMatchObject({ status: "SENT", sent: 60 });
  });

  it("stops while paused and carries on when resumed", async () => {
    const list = await newsletter();
    const addresses = Array.from({ length: 5 }, (_, i) => `pause-${i}-${unique()}@example.test`);
    await subscribers(list.id, addresses);
    const issueId = await issueOf(list.id);
    await queueIssue(editor, issueId);
    await pauseIssue(editor, issueId);
    expect(await sendIssue(issueId, FAST)).toMatchObject({ sent: 0 });
    expect(addresses.flatMap(messagesTo)).toHaveLength(0);
    await resumeIssue(editor, issueId);
    expect(await sendIssue(issueId, FAST)).toMatchObject({ done: true, sent: 5 });
  });

  it("sends each reader a valid message of their own, built once per issue: accented text, their links in both parts, their headers", async () => {
    const list = await createNewsletter(admin, {
      name: `Café du matin ${unique()}`,
      slug: "",
      description: "",
      senderName: "Le Quotidien, Édition",
      senderAddress: "nouvelles@ledger.test",
      sendTime: "06:00",
      active: true,
    });
    const addresses = [`elise-${unique()}@example.test`, `marc-${unique()}@example.test`];
    await subscribers(list.id, addresses);
    await publish(`Rathaus öffnet wieder — ${"a long headline ".repeat(8)}${unique()}`);
    const { issueId } = await prepareDigest(editor, list.id);
    await queueIssue(editor, issueId);
    expect(await sendIssue(issueId, FAST)).toMatchObject({ done: true, sent: 2 });

    const seen = new Set<string>();
    for (const address of addresses) {
      const [received] = messagesTo(address);
      const mail = received.mail!;
      expect(mail.to).toMatchObject({ text: address });
      expect(mail.from!.value[0]).toEqual({ name: "Le Quotidien, Édition", address: "nouvelles@ledger.test" });
      expect(mail.subject).toMatch(/^Café du matin/);
      expect(mail.html).toContain("Rathaus öffnet wieder");
      expect(mail.text).toContain("Rathaus öffnet wieder");
      seen.add(mail.messageId!);

      // The links in the text part are this reader's, the same as in the HTML and the header.
      const preferences = mail.text!.match(/Manage your newsletters: (\S+)/)![1];
      const unsubscribe = mail.text!.match(/Unsubscribe: (\S+)/)![1];
      expect(mail.html).toContain(`href="${preferences}"`);
      expect(mail.html).toContain(`href="${unsubscribe}"`);
      expect(mail.headers.get("list")).toMatchObject({ unsubscribe: { url: unsubscribe } });
      expect(await readPreferences(new URL(preferences).searchParams.get("token"))).toMatchObject({ email: address });

      // Quoted-printable lines of at most 76 characters, every line within SMTP's limit.
      const [head, ...body] = received.raw.split("\r\n\r\n");
      expect(head.split("\r\n").every((line) => line.length <= 998)).toBe(true);
      expect(
        body
          .join("\r\n\r\n")
          .split("\r\n")
          .filter((line) => line.length > 76),
      ).toEqual([]);
    }
    expect(seen.size).toBe(2);
  });

  it("sends a breaking-news alert once per story and list, and only for a story readers can see", async () => {
    const alerts = await newsletter(`Breaking ${unique()}`, null);
    const address = `alerts-${unique()}@example.test`;
    await subscribers(alerts.id, [address]);
    const headline = `Storm closes schools ${unique()}`;
    const story = await publish(headline);
    const sent = await sendStoryAlert(editor, { storyId: story.storyId, newsletterId: alerts.id });
    expect(sent.recipients).toBe(1);
    await sendIssue(sent.issueId, FAST);
    expect(messagesTo(address).at(-1)!.mail!.subject).toBe(headline);
    await expect(sendStoryAlert(editor, { storyId: story.storyId, newsletterId: alerts.id })).rejects.toThrow(/already went/);
    const draft = await createStory(editor, { intent: "save", values: storyValues({ sectionId, slug: `draft-${unique()}` }) });
    await expect(sendStoryAlert(editor, { storyId: draft.storyId, newsletterId: alerts.id })).rejects.toThrow(/published story/);
  });
});

describe("privacy", () => {
  it("an admin's delete removes the address for good and the export quotes formula-looking cells", async () => {
    const list = await newsletter();
    const address = `=cmd-${unique()}@example.test`;
    await subscribers(list.id, [address, `kept-${unique()}@example.test`]);
    let csv = "";
    for await (const chunk of subscribersCsv(admin)) csv += chunk;
    expect(csv).toContain(`"'${address}"`);
    const row = await db().subscriber.findUniqueOrThrow({ where: { email: address } });
    await expect(deleteSubscriber(editor, row.id)).rejects.toThrow(/Only admins/);
    await deleteSubscriber(admin, row.id);
    expect(await db().subscriber.count({ where: { email: address } })).toBe(0);
    expect(await importSubscribers(admin, { newsletterId: list.id, addresses: address })).toMatchObject({ added: 0, suppressed: 1 });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "subscriber.delete", entityId: row.id } });
    expect(JSON.stringify(audit)).not.toContain(address);
  });

  it("carries an open-counting image only while the setting is on", async () => {
    await updateMailSettings(admin, { mailingAddress: "100 Main St., Springfield", countOpens: true });
    try {
      const list = await newsletter();
      const address = `opens-${unique()}@example.test`;
      await subscribers(list.id, [address]);
      const issueId = await issueOf(list.id);
      await queueIssue(editor, issueId);
      await sendIssue(issueId, FAST);
      expect(messagesTo(address)[0].mail!.html).toMatch(/\/newsletters\/open\?token=/);
    } finally {
      await updateMailSettings(admin, { mailingAddress: "100 Main St., Springfield", countOpens: false });
    }
  });
});

describe("hostile text", () => {
  it("newsletter names, headlines, deks and intros run no script in the email's HTML", { timeout: 120_000 }, async () => {
    const payloads = curatedPayloads();
    const address = `xss-${unique()}@example.test`;
    for (const [i, payload] of payloads.entries()) {
      const list = await createNewsletter(admin, {
        name: payload.slice(0, 120),
        slug: `hostile-${i}-${unique()}`,
        description: payload.slice(0, 500),
        senderName: payload.slice(0, 120),
        senderAddress: "news@ledger.test",
        sendTime: null,
        active: true,
      });
      if (i === 0) await subscribers(list.id, [address]);
      else await importSubscribers(admin, { newsletterId: list.id, addresses: address });
      const story = await createStory(editor, {
        intent: "publish",
        values: storyValues({ sectionId, headline: payload.slice(0, 300), dek: payload.slice(0, 300), slug: `hostile-${i}-${unique()}` }),
      });
      const { issueId } = await prepareDigest(editor, list.id);
      await updateIssue(editor, { issueId, subject: payload.slice(0, 200), intro: payload, storyIds: [story.storyId] });
      await queueIssue(editor, issueId);
      await sendIssue(issueId, FAST);
    }
    const mails = messagesTo(address);
    expect(mails).toHaveLength(payloads.length);
    for (const { mail } of mails) {
      const markup = inspectHtml(mail!.html as string);
      expect(markup.problems).toEqual([]);
      expect(
        [...markup.tags].filter(
          (tag) => ["script", "iframe", "object", "embed", "svg", "math", "form", "input", "base", "meta"].includes(tag) && tag !== "meta",
        ),
      ).toEqual([]);
    }
  });
});

describe("unconfirmed sign-ups", () => {
  it("are forgotten a week later, leaving no suppression", async () => {
    const { forgetUnconfirmed } = await import("@/lib/newsletters/subscribe");
    const list = await newsletter();
    const address = `never-${unique()}@example.test`;
    await post(subscribeRoute, "http://localhost/newsletters/subscribe", { email: address, newsletter: list.id });
    expect(await db().subscriber.count({ where: { email: address, status: "PENDING" } })).toBe(1);
    await forgetUnconfirmed(new Date(Date.now() + 6 * 86400_000));
    expect(await db().subscriber.count({ where: { email: address } })).toBe(1);
    await forgetUnconfirmed(new Date(Date.now() + 8 * 86400_000));
    expect(await db().subscriber.count({ where: { email: address } })).toBe(0);
    expect(await db().suppression.count({ where: { emailHash: suppressionHash(address) } })).toBe(0);
  });
});

describe("an SMTP server that cannot be reached", () => {
  it("is retried later, not counted as delivered or failed", async () => {
    const list = await newsletter();
    const address = `down-${unique()}@example.test`;
    await subscribers(list.id, [address]);
    const issueId = await issueOf(list.id);
    await queueIssue(editor, issueId);
    // A port nothing listens on: the server this test started, closed.
    const gone = await startSmtp();
    await gone.close();
    // The app's pooled transport, whose connections the app opens itself: a refusal there is "never connected" too.
    const down = nodemailer.createTransport(pooledOptions(gone.url));
    const result = await sendIssue(issueId, { via: down, rate: 500, retryBaseSeconds: 60 });
    expect(result).toMatchObject({ done: false, sent: 0 });
    expect(result.next!.getTime()).toBeGreaterThan(Date.now());
    expect(await db().delivery.findFirstOrThrow({ where: { issueId }, select: { status: true, attempts: true } })).toEqual({ status: "QUEUED", attempts: 1 });
  });
});

// Last: from here on the scheduler's workers run and would send what other tests queue.
describe("the job queue", () => {
  // The earlier tests' wake-up jobs are in the queue too (each finds its issue already sent): hence the time.
  it("sends a queued issue through pg-boss's worker, at NEWSLETTER_RATE, with the SMTP_URL transport", { timeout: 120_000 }, async () => {
    const { startScheduler } = await import("@/lib/scheduling/worker");
    await startScheduler();
    const list = await newsletter();
    const addresses = Array.from({ length: 3 }, (_, i) => `queue-${i}-${unique()}@example.test`);
    await subscribers(list.id, addresses);
    const issueId = await issueOf(list.id);
    await queueIssue(editor, issueId);
    await expect.poll(async () => (await issueProgress(editor, issueId)).status, { timeout: 100_000 }).toBe("SENT");
    expect(addresses.map((a) => messagesTo(a).length)).toEqual([1, 1, 1]);
  });
});
