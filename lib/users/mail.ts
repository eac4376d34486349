import "server-only";
import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { smtpSettings } from "@/lib/env";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { formatApDateTime } from "@/lib/time/ap-style";
import type { Role } from "@/lib/generated/prisma/enums";

// Invitation and password-reset emails, sent when SMTP_URL is set. The link is always shown to the
// admin as well, so a newsroom without mail (or with mail down) can hand it over another way.

export type AccountEmail =
  | { kind: "invite"; to: string; link: string; role: Role; invitedBy: string; expiresAt: Date; timeZone: string }
  | { kind: "reset"; to: string; name: string; link: string; expiresAt: Date; timeZone: string };

// Connections kept open to the SMTP server for newsletters: each message waits on a few round trips
// (MAIL, RCPT, DATA), so several in parallel keep the sender busy.
const SMTP_CONNECTIONS = 5;

const transports = globalThis as unknown as { newsroomMail?: { single?: Transporter; pooled?: Transporter; url?: string } };

/**
 * The SMTP transport for SMTP_URL, or null when none is configured. Account emails use a plain one;
 * newsletters a pooled one (a few connections kept open, so that thousands of messages do not each
 * pay for a connection and a TLS handshake).
 */
export function mailTransport(kind: "single" | "pooled" = "single"): Transporter | null {
  const settings = smtpSettings();
  if (!settings) return null;
  const held = (transports.newsroomMail ??= {});
  if (held.url !== settings.url) {
    held.single?.close();
    held.pooled?.close();
    transports.newsroomMail = { url: settings.url };
  }
  const current = transports.newsroomMail!;
  // The address's settings spread out, not passed as `url`: given a url, nodemailer reads nothing
  // else from the object, and `pool` was silently dropped (a new connection for every message).
  if (kind === "pooled") return (current.pooled ??= nodemailer.createTransport(pooledOptions(settings.url)));
  return (current.single ??= nodemailer.createTransport(settings.url));
}

/** Options for a pool of SMTP connections to `url` (the newsletters' transport; tests and benchmarks use it too). */
export function pooledOptions(url: string) {
  return { ...parseConnectionUrl(url), pool: true as const, maxConnections: SMTP_CONNECTIONS, maxMessages: Infinity, getSocket: connectWithoutDelay };
}

const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Opens the pool's TCP connections with Nagle's algorithm off (nodemailer's hook for a socket of
 * one's own; TLS, implicit or STARTTLS, is still nodemailer's). nodemailer writes each command and
 * the message's last line as small packets; with Nagle on, each waited for the server's delayed
 * acknowledgement (about 40 ms), so five connections carried about a hundred messages a second
 * however fast the sender and the server were.
 */
function connectWithoutDelay(
  options: { host?: string; port?: number; secure?: boolean },
  callback: (error: Error | null, socket?: { connection: net.Socket }) => void,
) {
  const port = Number(options.port) || (options.secure ? 465 : 587);
  const socket = net.connect({ host: options.host || "localhost", port, noDelay: true });
  let settled = false;
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    socket.destroy();
    // Never connected, so nothing went out: the sender retries (see classify in lib/newsletters/send.ts).
    callback(Object.assign(error, { command: "CONN" }));
  };
  socket.once("error", fail);
  socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" })));
  socket.once("connect", () => {
    if (settled) return;
    settled = true;
    socket.removeListener("error", fail);
    socket.setTimeout(0);
    callback(null, { connection: socket });
  });
}

export function composeAccountEmail(email: AccountEmail): { subject: string; text: string } {
  const until = formatApDateTime(email.expiresAt, email.timeZone);
  if (email.kind === "invite") {
    return {
      subject: "You are invited to the newsroom",
      text: `${email.invitedBy} invited you to the newsroom as ${ROLE_LABELS[email.role].toLowerCase()}.\n\nOpen this link to choose your name and password:\n${email.link}\n\nThe link works once, until ${until}. If you did not expect this, ignore it.\n`,
    };
  }
  return {
    subject: "Set a new newsroom password",
    text: `Hello ${email.name},\n\nAn admin made you a link to set a new password for the newsroom:\n${email.link}\n\nThe link works once, until ${until}. Setting a new password signs you out everywhere else. If you did not ask for this, tell an admin.\n`,
  };
}

/**
 * Sends the email if SMTP is configured. Returns "sent", "not-configured", or "failed" (logged on the
 * server with detail; the admin is told to pass the link on themselves).
 */
export async function sendAccountEmail(email: AccountEmail, via?: Transporter): Promise<"sent" | "not-configured" | "failed"> {
  const settings = smtpSettings();
  if (!settings && !via) return "not-configured";
  const mailer = via ?? mailTransport()!;
  const { subject, text } = composeAccountEmail(email);
  try {
    await mailer.sendMail({ from: settings?.from ?? "Newsroom <no-reply@localhost>", to: email.to, subject, text });
    return "sent";
  } catch (error) {
    console.error(`[mail] could not send the ${email.kind} email`, error);
    return "failed";
  }
}
