"use server";

import { z } from "zod";
import { requireActor } from "@/lib/auth/actor";
import { expireTags, parseInput, runAction, type ActionResult } from "@/lib/actions";
import { createNewsletter, updateNewsletter } from "@/lib/newsletters/lists";
import { updateMailSettings } from "@/lib/newsletters/settings";
import { pauseIssue, prepareDigest, queueIssue, resumeIssue, sendStoryAlert, updateIssue } from "@/lib/newsletters/issues";
import { deleteSubscriber, importSubscribers } from "@/lib/newsletters/subscribers";
import {
  alertInputSchema,
  importSchema,
  issueEditSchema,
  issueIdSchema,
  newsletterIdSchema,
  newsletterInputSchema,
  newsletterSettingsSchema,
  subscriberIdSchema,
} from "@/lib/newsletters/schemas";

// Public POST endpoints like every server action: each lib function checks its permission
// ("newsletter.manage" for lists and subscribers, "newsletter.send" for issues and alerts).

const saveNewsletterSchema = z.object({ newsletterId: z.uuid().nullable(), values: z.unknown() });

export async function saveNewsletterAction(input: unknown): Promise<ActionResult<{ newsletterId: string }>> {
  return runAction("saveNewsletter", async () => {
    const actor = await requireActor();
    const { newsletterId, values: raw } = parseInput(saveNewsletterSchema, input);
    const values = parseInput(newsletterInputSchema, raw);
    if (newsletterId) {
      const { tags } = await updateNewsletter(actor, newsletterId, values);
      await expireTags(tags);
      return { newsletterId };
    }
    const { id, tags } = await createNewsletter(actor, values);
    await expireTags(tags);
    return { newsletterId: id };
  });
}

export async function updateMailSettingsAction(input: unknown): Promise<ActionResult> {
  return runAction("updateMailSettings", async () => {
    const actor = await requireActor();
    await updateMailSettings(actor, parseInput(newsletterSettingsSchema, input));
    return null;
  });
}

export async function prepareDigestAction(input: unknown): Promise<ActionResult<{ issueId: string }>> {
  return runAction("prepareDigest", async () => {
    const actor = await requireActor();
    return prepareDigest(actor, parseInput(newsletterIdSchema, input).newsletterId);
  });
}

export async function updateIssueAction(input: unknown): Promise<ActionResult> {
  return runAction("updateIssue", async () => {
    const actor = await requireActor();
    await updateIssue(actor, parseInput(issueEditSchema, input));
    return null;
  });
}

export async function sendIssueAction(input: unknown): Promise<ActionResult<{ recipients: number }>> {
  return runAction("sendIssue", async () => {
    const actor = await requireActor();
    return queueIssue(actor, parseInput(issueIdSchema, input).issueId);
  });
}

export async function pauseIssueAction(input: unknown): Promise<ActionResult> {
  return runAction("pauseIssue", async () => {
    const actor = await requireActor();
    await pauseIssue(actor, parseInput(issueIdSchema, input).issueId);
    return null;
  });
}

export async function resumeIssueAction(input: unknown): Promise<ActionResult> {
  return runAction("resumeIssue", async () => {
    const actor = await requireActor();
    await resumeIssue(actor, parseInput(issueIdSchema, input).issueId);
    return null;
  });
}

export async function sendStoryAlertAction(input: unknown): Promise<ActionResult<{ issueId: string; recipients: number }>> {
  return runAction("sendStoryAlert", async () => {
    const actor = await requireActor();
    return sendStoryAlert(actor, parseInput(alertInputSchema, input));
  });
}

export async function deleteSubscriberAction(input: unknown): Promise<ActionResult> {
  return runAction("deleteSubscriber", async () => {
    const actor = await requireActor();
    await deleteSubscriber(actor, parseInput(subscriberIdSchema, input).subscriberId);
    return null;
  });
}

export async function importSubscribersAction(input: unknown): Promise<ActionResult<{ added: number; suppressed: number; invalid: number; already: number }>> {
  return runAction("importSubscribers", async () => {
    const actor = await requireActor();
    return importSubscribers(actor, parseInput(importSchema, input));
  });
}
