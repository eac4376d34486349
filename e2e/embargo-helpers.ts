import { expect, type Page } from "@playwright/test";
import { openDesk, uniqueHeadline } from "./fixtures";

// An embargoed story written through the newsroom, as an editor would: saved, embargoed until a whole
// minute a little ahead (the field takes minutes), then Publish, which schedules it for the lift.

const ZONE = "America/New_York";

/** The whole minute at least `leadSeconds` away, as a datetime-local value in the newsroom's zone. */
export function wholeMinuteAhead(leadSeconds: number): { value: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + leadSeconds * 1000) / 60_000) * 60_000);
  return { value: localMinute(at), at };
}

/** An instant as a datetime-local value in the newsroom's zone, to the minute. */
export function localMinute(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export type EmbargoedStory = {
  storyId: string;
  editorUrl: string;
  headline: string;
  /** A word of the headline found nowhere else, and the slug, which shares nothing with the headline. */
  word: string;
  slug: string;
  tagName: string;
  lift: Date;
};

/** Writes a story in Metro with a tag, saves it, embargoes it until `lift` and presses Publish. */
export async function writeEmbargoedStory(page: Page, options: { leadSeconds: number; label: string }): Promise<EmbargoedStory> {
  const headline = uniqueHeadline(`Study ${options.label} results`);
  const word = headline.split(" ").at(-1)!;
  const slug = `held-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const tagName = `Held ${slug.slice(5)}`;
  await openDesk(page);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page.getByRole("heading", { name: "New story" })).toBeVisible();
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Section").selectOption({ label: "Metro" });
  await page.getByLabel("Body").click();
  await page.keyboard.type(`Researchers released the ${word} findings under embargo.`);
  await page.getByLabel("Tags").fill(tagName);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();
  const editorUrl = page.url();
  const storyId = editorUrl.split("/").at(-1)!;

  const { value, at: lift } = wholeMinuteAhead(options.leadSeconds);
  await page.getByLabel("Embargoed until").fill(value);
  await page.getByRole("button", { name: "Set embargo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Embargoed until" })).toBeVisible();
  return { storyId, editorUrl, headline, word, slug, tagName, lift };
}
