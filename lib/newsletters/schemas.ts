import { z } from "zod";
import { textField } from "@/lib/text/storable";

// What the newsletter forms send, parsed on the server by the action or route that accepts it.

const line = (label: string, max: number) =>
  textField()
    .transform((s) => s.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(1, `${label} is required.`).max(max, `Keep ${label.toLowerCase()} under ${max} characters.`));

export const emailField = textField().trim().max(254, "That address is too long.").pipe(z.email("Enter an email address like name@example.com."));

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const newsletterInputSchema = z.object({
  name: line("The name", 120),
  slug: textField()
    .trim()
    .max(80, "Keep the slug under 80 characters.")
    .refine((s) => s === "" || SLUG.test(s), "Use lower-case letters, digits and hyphens, like morning-briefing."),
  description: textField().trim().max(500, "Keep the description under 500 characters."),
  senderName: line("The sender name", 120),
  senderAddress: emailField,
  /** "HH:MM" (24-hour) in the newsroom zone for a daily digest; empty for on demand (alerts). */
  sendTime: textField()
    .trim()
    .refine((s) => s === "" || /^([01]\d|2[0-3]):[0-5]\d$/.test(s), "Enter a time like 06:30 (24-hour), or leave it empty for alerts sent on demand.")
    .transform((s) => s || null),
  active: z.boolean(),
});
export type NewsletterInput = z.input<typeof newsletterInputSchema>;
export type NewsletterValues = z.output<typeof newsletterInputSchema>;

export const newsletterIdSchema = z.object({ newsletterId: z.uuid() });
export const issueIdSchema = z.object({ issueId: z.uuid() });
export const subscriberIdSchema = z.object({ subscriberId: z.uuid() });

/** An issue as the editor arranged it: the stories in order (removing one leaves it out). */
export const issueEditSchema = z.object({
  issueId: z.uuid(),
  subject: line("The subject", 200),
  intro: textField().trim().max(2000, "Keep the introduction under 2,000 characters."),
  storyIds: z.array(z.uuid()).max(30, "A digest holds at most 30 stories."),
});
export type IssueEditInput = z.input<typeof issueEditSchema>;

export const alertInputSchema = z.object({ storyId: z.uuid(), newsletterId: z.uuid() });

export const newsletterSettingsSchema = z.object({
  mailingAddress: textField().trim().max(300, "Keep the address under 300 characters."),
  countOpens: z.boolean(),
});

export const importSchema = z.object({
  newsletterId: z.uuid(),
  addresses: textField().max(2_000_000, "Import at most about 50,000 addresses at a time."),
});
