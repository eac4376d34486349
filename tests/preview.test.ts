import { describe, expect, it } from "vitest";
import { createPreviewLink, signPreviewToken, verifyPreviewToken } from "@/lib/stories/preview";
import { findStoryForPreview } from "@/lib/stories/public";
import { createStory } from "@/lib/stories/mutations";
import { ForbiddenError } from "@/lib/errors";
import { createSection, createUser, storyValues } from "./support/factories";

const SECRET = "a-test-secret-that-is-long-enough-to-sign-with";
const STORY = "3f2b8f5e-8d7a-4c1e-9a7b-2d3c4e5f6a7b";

describe("preview tokens", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  const later = new Date("2026-11-26T12:00:00Z");

  it("name their story until they expire", () => {
    const token = signPreviewToken(STORY, later, SECRET);
    expect(verifyPreviewToken(token, now, SECRET)).toEqual({ ok: true, storyId: STORY, expiresAt: later });
    expect(verifyPreviewToken(token, new Date(later.getTime() + 1000), SECRET)).toEqual({ ok: false, reason: "expired" });
  });

  it("cannot be forged, extended or moved to another story", () => {
    const token = signPreviewToken(STORY, later, SECRET);
    const [, signature] = token.split(".");
    const extended = `${Buffer.from(`${STORY}.${Math.floor(later.getTime() / 1000) + 86400}`).toString("base64url")}.${signature}`;
    const moved = `${Buffer.from(`${STORY.replace("3f", "4f")}.${Math.floor(later.getTime() / 1000)}`).toString("base64url")}.${signature}`;
    for (const bad of [extended, moved, `${token}x`, token.replace(".", ".A"), "", "not-a-token", `${token}.extra`]) {
      expect(verifyPreviewToken(bad, now, SECRET)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(verifyPreviewToken(token, now, `${SECRET}-rotated`)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("preview links", () => {
  it("are made by people who can edit the story, and show the draft as it stands", async () => {
    const [reporter, other] = await Promise.all([createUser("REPORTER"), createUser("REPORTER")]);
    const section = await createSection();
    const draft = await createStory(reporter.actor, { intent: "save", values: storyValues({ sectionId: section.id, headline: "Preview me" }) });
    const link = await createPreviewLink(reporter.actor, draft.storyId);
    expect(link.path).toMatch(/^\/preview\/[\w-]+\.[\w-]+$/);
    const check = verifyPreviewToken(link.path.replace("/preview/", ""));
    expect(check).toMatchObject({ ok: true, storyId: draft.storyId });
    expect((await findStoryForPreview(draft.storyId))!.headline).toBe("Preview me");
    await expect(createPreviewLink(other.actor, draft.storyId)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
