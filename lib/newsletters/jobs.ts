import "server-only";
import type { Job, PgBoss } from "pg-boss";
import { NEWSLETTER_SEND_QUEUE, NEWSLETTER_SWEEP_QUEUE, enqueueNewsletterSend, newsletterSendJobSchema, type NewsletterSendJob } from "@/lib/scheduling/queue";
import { sendIssue } from "@/lib/newsletters/send";
import { sendDueDigests, wakeStalledSends } from "@/lib/newsletters/issues";
import { forgetUnconfirmed } from "@/lib/newsletters/subscribe";

// This process's share of newsletter sending, on the scheduler's pg-boss (lib/scheduling/worker.ts).
// A send job runs for at most a few minutes, then hands over to a fresh job, so that no job outlives
// pg-boss's expiry (which would start a second sender) and a paused issue stops at once. The
// minute's sweep starts the daily digests, wakes lost sends and forgets unconfirmed sign-ups.

const JOB_RUN_MS = 120_000;

export async function registerNewsletterWorkers(boss: PgBoss): Promise<void> {
  // Up to four issues at once on each server, so that an alert never waits behind a long digest.
  await boss.work<NewsletterSendJob>(NEWSLETTER_SEND_QUEUE, { pollingIntervalSeconds: 1, localConcurrency: 4 }, async (jobs: Job<NewsletterSendJob>[]) => {
    for (const job of jobs) {
      const { issueId } = newsletterSendJobSchema.parse(job.data);
      try {
        const result = await sendIssue(issueId, { runForMs: JOB_RUN_MS });
        if (!result.done) await enqueueNewsletterSend(issueId, result.next ?? undefined);
      } catch (error) {
        console.error(`[newsletter] Sending issue ${issueId} failed; pg-boss will retry.`, error);
        throw error;
      }
    }
  });
  await boss.work(NEWSLETTER_SWEEP_QUEUE, async () => {
    const started = await sendDueDigests();
    if (started) console.log(`[newsletter] Started ${started} daily ${started === 1 ? "digest" : "digests"}.`);
    await wakeStalledSends();
    await forgetUnconfirmed();
  });
  await boss.schedule(NEWSLETTER_SWEEP_QUEUE, "* * * * *");
}
