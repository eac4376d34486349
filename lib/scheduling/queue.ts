import "server-only";
import { PgBoss } from "pg-boss";
import { z } from "zod";
import { env, internalOrigin } from "@/lib/env";
import { INTERNAL_SIGNATURE_HEADER, signTagExpiry } from "@/lib/cache/internal-signature";

// The job queue behind scheduled publication: pg-boss, in its own "pgboss" schema of the app's
// database. Every server may run the workers; pg-boss hands each job to exactly one of them and does
// the waiting (startAfter) and the retries. A job only says "look at this story now":
// lib/scheduling/schedule.ts decides from the story row, and lib/scheduling/worker.ts runs the jobs.
// This module knows nothing of stories, so that the rules can queue jobs and the worker can run them
// without either importing the other.

export const PUBLISH_QUEUE = "publish-story";
/** Retries of asking the web server to expire cache tags after a job published a story. */
export const EXPIRE_QUEUE = "expire-cache-tags";
/** A once-a-minute catch-up for scheduled stories whose job was lost or never queued. */
export const SWEEP_QUEUE = "publish-overdue";

/** Making a photo's renditions (lib/media/renditions.ts), one job per photo. */
export const MEDIA_QUEUE = "media-renditions";

export type PublishJob = { storyId: string };
export type MediaJob = { mediaId: string };
export const mediaJobSchema = z.object({ mediaId: z.string().uuid() });
export type ExpireJob = { tags: string[] };
export const publishJobSchema = z.object({ storyId: z.string().uuid() });
export const expireJobSchema = z.object({ tags: z.array(z.string()) });

// One instance per process, kept on globalThis: instrumentation, route handlers and server actions are
// separate bundles, and dev-mode reloads would otherwise open a pool each time.
type Holder = { boss?: PgBoss; ready?: Promise<PgBoss> };
const scope = globalThis as unknown as { newsroomScheduler?: Holder };
const holder: Holder = (scope.newsroomScheduler ??= {});

function createBoss(): PgBoss {
  const boss = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", max: 3, application_name: "newsroom-scheduler" });
  // An EventEmitter "error" with no listener would crash the server; pg-boss reports and carries on.
  boss.on("error", (error) => console.error("[scheduler] pg-boss error:", error));
  boss.on("warning", (warning) => console.warn(`[scheduler] pg-boss warning: ${warning.message}`));
  return boss;
}

/** The started instance with its queues, created on first use by whichever comes first: a send or the workers. */
export function readyBoss(): Promise<PgBoss> {
  holder.ready ??= (async () => {
    const boss = (holder.boss = createBoss());
    await boss.start();
    await boss.createQueue(PUBLISH_QUEUE, { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 60 });
    await boss.createQueue(EXPIRE_QUEUE, { retryLimit: 10, retryDelay: 2, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 30 });
    // A sweep a minute: keep its finished jobs for an hour, not pg-boss's default week.
    await boss.createQueue(SWEEP_QUEUE, { retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 3600 });
    // "stately" with the photo's id as singletonKey: at most one waiting and one running job per photo
    // across every server, so a photo is processed once even when several servers take jobs; a
    // focal-point change while its job runs waits as the one follow-up. Large photos take a while.
    await boss.createQueue(MEDIA_QUEUE, {
      policy: "stately",
      retryLimit: 3,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 900,
      deleteAfterSeconds: 86_400,
    });
    return boss;
  })().catch((error: unknown) => {
    // The next call tries again rather than keeping a failed start forever.
    holder.ready = undefined;
    const boss = holder.boss;
    holder.boss = undefined;
    void boss?.stop({ graceful: false }).catch(() => {});
    throw error;
  });
  return holder.ready;
}

/**
 * Queues the story's publication for `publishAt`. One waiting job per story: upsert by singletonKey
 * moves the job already waiting (a reschedule) instead of adding a second one; on a standard queue a
 * send() with a singletonKey alone would not stop duplicates.
 */
export async function enqueuePublish(storyId: string, publishAt: Date): Promise<void> {
  const boss = await readyBoss();
  await boss.upsert(PUBLISH_QUEUE, { storyId } satisfies PublishJob, { singletonKey: storyId, startAfter: publishAt });
}

/** Queues the making of a photo's renditions (after upload, or after its focal point moved). */
export async function enqueueMediaProcessing(mediaId: string): Promise<void> {
  const boss = await readyBoss();
  await boss.send(MEDIA_QUEUE, { mediaId } satisfies MediaJob, { singletonKey: mediaId });
}

/** Cancels the story's waiting publication job, if there is one. */
export async function removeQueuedPublish(storyId: string): Promise<void> {
  const boss = await readyBoss();
  const jobs = await boss.findJobs(PUBLISH_QUEUE, { key: storyId, queued: true });
  if (jobs.length)
    await boss.cancel(
      PUBLISH_QUEUE,
      jobs.map((job) => job.id),
    );
}

/** Asks the web server, over a signed internal request, to expire cache tags; throws when it does not. */
export async function postTagExpiry(tags: string[]): Promise<void> {
  const { body, signature } = signTagExpiry(tags);
  const response = await fetch(`${internalOrigin()}/api/internal/revalidate`, {
    method: "POST",
    headers: { "content-type": "application/json", [INTERNAL_SIGNATURE_HEADER]: signature },
    body,
    // The answer comes once the expiry is complete on every server, which may wait for renders in
    // progress and for other servers to confirm (lib/cache/expire.ts).
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
}

/**
 * Asks the web server to expire cache tags after a background write. Never throws: the write is
 * committed and must stand even if a cache could not be told. A failure is logged and, when this
 * process runs pg-boss, retried as a job (the server may still be starting).
 */
export async function expireTagsOnServer(tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  try {
    await postTagExpiry(tags);
    return;
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    console.error(`[scheduler] Could not ask ${internalOrigin()} to expire cache tags (${reason}); readers may see old pages until it does.`);
  }
  if (!holder.boss) return;
  try {
    await (await readyBoss()).send(EXPIRE_QUEUE, { tags } satisfies ExpireJob);
  } catch (error) {
    console.error("[scheduler] Could not queue a retry of the cache expiry.", error);
  }
}

/** Closes pg-boss's connections; queued jobs wait in the database for the next start. */
export async function stopQueue(): Promise<void> {
  const ready = holder.ready;
  holder.ready = undefined;
  holder.boss = undefined;
  const boss = await ready?.catch(() => undefined);
  await boss?.stop({ graceful: true, timeout: 5000 });
}
