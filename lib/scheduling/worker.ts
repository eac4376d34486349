import "server-only";
import type { Job, PgBoss } from "pg-boss";
import {
  EXPIRE_QUEUE,
  MEDIA_QUEUE,
  mediaJobSchema,
  type MediaJob,
  PUBLISH_QUEUE,
  SWEEP_QUEUE,
  expireJobSchema,
  postTagExpiry,
  publishJobSchema,
  readyBoss,
  stopQueue,
  type ExpireJob,
  type PublishJob,
} from "@/lib/scheduling/queue";
import { publishOverdueStories, publishScheduledStory } from "@/lib/scheduling/schedule";
import { processMedia } from "@/lib/media/renditions";

// This process's share of the scheduler's work: pg-boss hands it due jobs from the queues
// (lib/scheduling/queue.ts), and it runs them by the rules of lib/scheduling/schedule.ts.

/** How often a worker looks for due jobs; pg-boss allows down to 0.5 s. */
const POLLING_INTERVAL_SECONDS = 1;

// Kept on globalThis, like the queue's instance: the workers are registered once per process.
const scope = globalThis as unknown as { newsroomSchedulerWorkers?: { workers?: Promise<void> } };
const holder = (scope.newsroomSchedulerWorkers ??= {});

async function registerWorkers(boss: PgBoss): Promise<void> {
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

  // One photo at a time per server (one worker, one job per fetch), and sharp itself on one thread
  // (lib/media/renditions.ts): a batch of large uploads takes longer, but never the web server's CPU.
  await boss.work<MediaJob>(MEDIA_QUEUE, { pollingIntervalSeconds: 2, localConcurrency: 1, batchSize: 1 }, async (jobs: Job<MediaJob>[]) => {
    for (const job of jobs) {
      const { mediaId } = mediaJobSchema.parse(job.data);
      await processMedia(mediaId);
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
    const published = await publishOverdueStories();
    if (published) console.log(`[scheduler] Published ${published} overdue ${published === 1 ? "story" : "stories"} on start.`);
  } catch (error) {
    console.error("[scheduler] The catch-up on overdue stories failed; the next sweep will try again.", error);
  }
}

/** Stops the workers and closes pg-boss's connections; jobs wait in the database for the next start. */
export async function stopScheduler(): Promise<void> {
  holder.workers = undefined;
  await stopQueue();
}
