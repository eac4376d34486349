import "server-only";
import { PgBoss, type Job } from "pg-boss";
import { z } from "zod";
import { env, internalOrigin } from "@/lib/env";
import { INTERNAL_SIGNATURE_HEADER, signTagExpiry } from "@/lib/scheduling/internal-signature";

// The job queue behind scheduled publication: pg-boss, in its own "pgboss" schema of the app's
// database. Every server may run the workers; pg-boss hands each job to exactly one of them and does
// the waiting (startAfter) and the retries. A job only says "look at this story now":
// lib/scheduling/schedule.ts decides from the story row.

const PUBLISH_QUEUE = "publish-story";
/** Retries of asking the web server to expire cache tags after a job published a story. */
const EXPIRE_QUEUE = "expire-cache-tags";
/** A once-a-minute catch-up for scheduled stories whose job was lost or never queued. */
const SWEEP_QUEUE = "publish-overdue";
/** How often a worker looks for due jobs; pg-boss allows down to 0.5 s. */
const POLLING_INTERVAL_SECONDS = 1;

type PublishJob = { storyId: string };
type ExpireJob = { tags: string[] };
const publishJobSchema = z.object({ storyId: z.string().uuid() });
const expireJobSchema = z.object({ tags: z.array(z.string()) });

// One instance per process, kept on globalThis: instrumentation, route handlers and server actions are
// separate bundles, and dev-mode reloads would otherwise open a pool each time.
type Holder = { boss?: PgBoss; ready?: Promise<PgBoss>; workers?: Promise<void> };
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
function readyBoss(): Promise<PgBoss> {
  holder.ready ??= (async () => {
    const boss = (holder.boss = createBoss());
    await boss.start();
    await boss.createQueue(PUBLISH_QUEUE, { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 60 });
    await boss.createQueue(EXPIRE_QUEUE, { retryLimit: 10, retryDelay: 2, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 30 });
    // A sweep a minute: keep its finished jobs for an hour, not pg-boss's default week.
    await boss.createQueue(SWEEP_QUEUE, { retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 3600 });
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

/** Cancels the story's waiting publication job, if there is one. */
export async function removeQueuedPublish(storyId: string): Promise<void> {
  const boss = await readyBoss();
  const jobs = await boss.findJobs(PUBLISH_QUEUE, { key: storyId, queued: true });
  if (jobs.length) await boss.cancel(PUBLISH_QUEUE, jobs.map((job) => job.id));
}

async function postTagExpiry(tags: string[]): Promise<void> {
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

// Imported when the workers start, not at the top: schedule.ts imports this module to queue its jobs.
const loadSchedule = () => import("@/lib/scheduling/schedule");

async function registerWorkers(boss: PgBoss): Promise<void> {
  const { publishOverdueStories, publishScheduledStory } = await loadSchedule();

  await boss.work<PublishJob>(PUBLISH_QUEUE, { pollingIntervalSeconds: POLLING_INTERVAL_SECONDS }, async (jobs: Job<PublishJob>[]) => {
    for (const job of jobs) {
      const { storyId } = publishJobSchema.parse(job.data);
      try {
        const published = await publishScheduledStory(storyId);
        if (published) console.log(`[scheduler] Published "${published.slug}" on schedule.`);
      } catch (error) {
        console.error(`[scheduler] Publishing story ${storyId} failed; pg-boss will retry.`, error);
        throw error;
      }
    }
  });

  await boss.work<ExpireJob>(EXPIRE_QUEUE, { pollingIntervalSeconds: 2 }, async (jobs: Job<ExpireJob>[]) => {
    for (const job of jobs) {
      const { tags } = expireJobSchema.parse(job.data);
      try {
        await postTagExpiry(tags);
      } catch (error) {
        console.error(`[scheduler] Cache expiry retry ${job.retryCount + 1} failed; pg-boss will try again.`, error instanceof Error ? error.message : error);
        throw error;
      }
    }
  });

  await boss.work(SWEEP_QUEUE, async () => {
    const published = await publishOverdueStories();
    if (published) console.log(`[scheduler] Published ${published} overdue ${published === 1 ? "story" : "stories"} (their jobs were missing).`);
  });
  // pg-boss's cron: one sweep a minute across all servers, whichever takes it.
  await boss.schedule(SWEEP_QUEUE, "* * * * *");
}

/** Starts pg-boss and this process's workers, then catches up on overdue stories. Idempotent. */
export async function startScheduler(): Promise<void> {
  const boss = await readyBoss();
  holder.workers ??= registerWorkers(boss).catch((error: unknown) => {
    holder.workers = undefined;
    throw error;
  });
  await holder.workers;

  // Stories whose time came while no server was running. A failure here is not a failure to start:
  // the workers are up, and the minute's sweep tries again.
  try {
    const published = await (await loadSchedule()).publishOverdueStories();
    if (published) console.log(`[scheduler] Published ${published} overdue ${published === 1 ? "story" : "stories"} on start.`);
  } catch (error) {
    console.error("[scheduler] The catch-up on overdue stories failed; the next sweep will try again.", error);
  }
}

/** Stops the workers and closes pg-boss's connections; jobs wait in the database for the next start. */
export async function stopScheduler(): Promise<void> {
  const ready = holder.ready;
  holder.ready = undefined;
  holder.workers = undefined;
  holder.boss = undefined;
  const boss = await ready?.catch(() => undefined);
  await boss?.stop({ graceful: true, timeout: 5000 });
}
