import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { FIRST_RENDER, openDesk, uniqueHeadline } from "./fixtures";

// An embargoed story written through the newsroom, as an editor would: saved, embargoed until a whole
// minute a little ahead (the field takes minutes), then Publish, which schedules it for the lift.
// It may carry a photo from the media library, uploaded on the Media page and processed by the app's
// own renditions job, as its lead and in its body.

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

const PHOTO = readFileSync(new URL("../tests/fixtures/images/noexif.jpg", import.meta.url));

export type LibraryPhoto = { mediaId: string; caption: string; alt: string };

/** Uploads a small photo on the Media page under a name of its own, gives it a caption, alt text and credit, and waits until its sizes are made. */
export async function uploadLibraryPhoto(page: Page, label: string): Promise<LibraryPhoto> {
  const token = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `held-${token}.jpg`;
  const caption = `Lectern ${label} ${token}`;
  const alt = `An empty lectern before the ${label}`;
  await openDesk(page);
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Media" }).click();
  await page.getByLabel("Choose files").setInputFiles({ name, mimeType: "image/jpeg", buffer: PHOTO });
  await page.getByRole("link", { name: `Edit the details of ${name}` }).click();
  await expect(page).toHaveURL(/\/desk\/media\/[0-9a-f-]{36}$/, FIRST_RENDER);
  const mediaId = page.url().split("/").at(-1)!;
  await page.getByLabel("Caption", { exact: true }).fill(caption);
  await page.getByLabel("Alt text", { exact: true }).fill(alt);
  await page.getByLabel("Credit line").fill("Newsroom staff");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText(/^Saved\./)).toBeVisible(FIRST_RENDER);
  // The renditions job runs in the web server, off the request.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Status: Ready.")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  return { mediaId, caption, alt };
}

async function choosePhoto(page: Page, group: string, caption: string) {
  const picker = page.getByRole("group", { name: group });
  await picker.getByLabel("Search the photo library").fill(caption);
  await picker.getByRole("button", { name: `Use: ${caption}` }).click();
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

/** Writes a story in Metro with a tag (and `photo` as its lead and in its body), saves it and embargoes it until `lift`. */
export async function writeEmbargoedStory(page: Page, options: { leadSeconds: number; label: string; photo?: LibraryPhoto }): Promise<EmbargoedStory> {
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
  if (options.photo) {
    await page.getByRole("button", { name: "Choose lead photo" }).click();
    await choosePhoto(page, "Choose a photo for the lead", options.photo.caption);
    await expect(page.getByRole("button", { name: "Replace lead photo" })).toBeVisible();
    await page.getByLabel("Body").click();
    await page.keyboard.press("End");
    await page.getByRole("button", { name: "Insert photo" }).click();
    await choosePhoto(page, "Choose a photo for the body", options.photo.caption);
  }
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
