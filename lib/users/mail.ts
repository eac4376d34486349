import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { smtpSettings } from "@/lib/env";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { formatApDateTime } from "@/lib/time/ap-style";
import type { Role } from "@/lib/generated/prisma/enums";

// Invitation and password-reset emails, sent when SMTP_URL is set. The link is always shown to the
// admin as well, so a newsroom without mail (or with mail down) can hand it over another way.

export type AccountEmail =
  | { kind: "invite"; to: string; link: string; role: Role; invitedBy: string; expiresAt: Date; timeZone: string }
  | { kind: "reset"; to: string; name: string; link: string; expiresAt: Date; timeZone: string };

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
  if (kind === "pooled") return (current.pooled ??= nodemailer.createTransport({ url: settings.url, pool: true, maxConnections: 5, maxMessages: Infinity }));
  return (current.single ??= nodemailer.createTransport(settings.url));
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
