import "server-only";
import path from "node:path";
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
  /** Where files uploaded on the import screen wait for their job (a folder every server and worker shares). */
  NEWSROOM_IMPORT_DIR: z.string().min(1).optional(),
  /** The most a zipped uploads folder sent to the import screen may hold, in GB (its upload, and its photos unpacked). */
  NEWSROOM_IMPORT_UPLOADS_MAX_GB: z.coerce.number().positive().max(10_000).default(20),
  /** The From: address of those emails. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Newsletter messages per second, per issue being sent (lib/newsletters/send.ts). */
  NEWSLETTER_RATE: z.coerce.number().positive().max(10_000).default(10),
  /** Next's cache shared by every instance (read by server/server-cache-handler.mjs too). */
  REDIS_URL: z.string().url().optional(),
  /** The data folder (the launcher's NEWSROOM_DATA_DIR): media files live under it unless MEDIA_S3_BUCKET is set. */
  NEWSROOM_DATA_DIR: z.string().min(1).default(".data"),
  /** An S3-compatible object store for media (AWS S3, MinIO, R2, ...): all optional, MEDIA_S3_BUCKET turns it on. */
  MEDIA_S3_BUCKET: z.string().min(1).optional(),
  MEDIA_S3_ENDPOINT: z.string().url({ message: "MEDIA_S3_ENDPOINT must be a URL like https://s3.example.com" }).optional(),
  MEDIA_S3_REGION: z.string().min(1).default("us-east-1"),
  MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** "on" for stores that want bucket names in the path (MinIO, s3rver, most non-AWS stores). */
  MEDIA_S3_PATH_STYLE: z.enum(["on", "off", "true", "false", "1", "0"]).optional(),
  /** Where readers fetch media from when a CDN serves the bucket (read by lib/media/urls.ts). */
  MEDIA_PUBLIC_BASE_URL: z.string().url({ message: "MEDIA_PUBLIC_BASE_URL must be a URL like https://cdn.example.com/media/" }).optional(),
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

export type MediaStoreSettings =
  | { kind: "disk"; directory: string }
  | { kind: "s3"; bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };

const mediaStoreSchema = envSchema.pick({
  NEWSROOM_DATA_DIR: true,
  MEDIA_S3_BUCKET: true,
  MEDIA_S3_ENDPOINT: true,
  MEDIA_S3_REGION: true,
  MEDIA_S3_ACCESS_KEY_ID: true,
  MEDIA_S3_SECRET_ACCESS_KEY: true,
  MEDIA_S3_PATH_STYLE: true,
});

/**
 * Where media files are kept: a folder under the data folder, or an S3-compatible bucket. Read afresh
 * each time (it is cheap) rather than from env()'s parsed copy, so that a test can point it at a
 * store it started.
 */
export function mediaStoreSettings(): MediaStoreSettings {
  const result = mediaStoreSchema.safeParse(process.env);
  if (!result.success) throw new Error(`Invalid media storage settings: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const e = result.data;
  if (!e.MEDIA_S3_BUCKET) return { kind: "disk", directory: path.resolve(e.NEWSROOM_DATA_DIR, "media") };
  return {
    kind: "s3",
    bucket: e.MEDIA_S3_BUCKET,
    endpoint: e.MEDIA_S3_ENDPOINT,
    region: e.MEDIA_S3_REGION,
    accessKeyId: e.MEDIA_S3_ACCESS_KEY_ID,
    secretAccessKey: e.MEDIA_S3_SECRET_ACCESS_KEY,
    forcePathStyle: ["on", "true", "1"].includes(e.MEDIA_S3_PATH_STYLE ?? ""),
  };
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
