import "server-only";
import { z } from "zod";

// The only reader of process.env in the app. Parsed lazily so that `next build` can import route
// modules without a database configured.
const envSchema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  NEXTAUTH_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Where background jobs reach this server to expire cache tags; the launcher sets it. */
  NEWSROOM_INTERNAL_ORIGIN: z.string().url().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** SMTP server for invitation and password-reset emails, e.g. smtps://user:pass@mail.example.com:465. */
  SMTP_URL: z.string().url({ message: "SMTP_URL must be a URL like smtp://user:password@host:587" }).optional(),
  /** The From: address of those emails. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Newsletter messages per second, per issue being sent (lib/newsletters/send.ts). */
  NEWSLETTER_RATE: z.coerce.number().positive().max(10_000).default(10),
  /** Next's cache shared by every instance (read by server/server-cache-handler.mjs too). */
  REDIS_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof envSchema>;

let parsed: Env | undefined;

export function env(): Env {
  if (!parsed) {
    const result = envSchema.safeParse(process.env);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
      throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
    }
    parsed = result.data;
  }
  return parsed;
}

/** The secret next-auth signs sessions with; read directly so that next-auth can be configured at import. */
export function authSecret(): string | undefined {
  return process.env.NEXTAUTH_SECRET;
}

export function isSecureOrigin(): boolean {
  return (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
}

/** The address background jobs use to reach this server (see lib/scheduling/queue.ts). */
export function internalOrigin(): string {
  return env().NEWSROOM_INTERNAL_ORIGIN ?? `http://127.0.0.1:${env().PORT}`;
}

/** The site's public origin ("https://news.example.com"), for absolute links in feeds; from NEXTAUTH_URL. */
export function siteOrigin(): string {
  const parsed = envSchema.shape.NEXTAUTH_URL.safeParse(process.env.NEXTAUTH_URL || undefined);
  if (parsed.success && parsed.data) return new URL(parsed.data).origin;
  const port = envSchema.shape.PORT.safeParse(process.env.PORT);
  return `http://localhost:${port.success ? port.data : 3000}`;
}

/** Where account emails go out, or null when no SMTP server is configured (links are then only shown). */
export function smtpSettings(): { url: string; from: string } | null {
  // Read at each call (like siteOrigin): a test or benchmark starts its SMTP server, then sets it.
  const url = envSchema.shape.SMTP_URL.safeParse(process.env.SMTP_URL || undefined);
  const SMTP_URL = url.success ? url.data : env().SMTP_URL;
  const { MAIL_FROM } = env();
  if (!SMTP_URL) return null;
  return { url: SMTP_URL, from: MAIL_FROM ?? `Newsroom <no-reply@${new URL(siteOrigin()).hostname}>` };
}

/** Newsletter messages per second (NEWSLETTER_RATE), read at each call so that a benchmark can set it. */
export function newsletterRate(): number {
  const parsed = envSchema.shape.NEWSLETTER_RATE.safeParse(process.env.NEWSLETTER_RATE || undefined);
  return parsed.success ? parsed.data : 10;
}
