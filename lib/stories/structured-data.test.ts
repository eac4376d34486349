import { describe, expect, it } from "vitest";
import { serializeJsonLd, storyJsonLd } from "@/lib/stories/structured-data";
import type { PublicStory } from "@/lib/stories/public";

const story: PublicStory = {
  id: "s1",
  slug: "bridge",
  headline: "Bridge </script><script>alert(1)</script> reopens",
  dek: "Commuters return.",
  body: { type: "doc", content: [] },
  lead: null,
  inlinePhotos: [],
  creditLine: "The Associated Press contributed to this report.",
  section: { slug: "metro", name: "Metro" },
  bylines: [
    { name: "Sam Okafor", title: "staff writer", staffId: "u-sam", authorSlug: "sam-okafor" },
    { name: "Lena Marsh", title: "special correspondent", staffId: null, authorSlug: null },
  ],
  tags: [],
  related: [],
  updates: [
    {
      id: "u2",
      kind: "CORRECTION",
      occurredAt: "2026-11-24T15:00:00.000Z",
      note: "An earlier version misstated the length.",
      significant: true,
      withdrawn: null,
      edited: false,
    },
    { id: "u1", kind: "UPDATE", occurredAt: "2026-11-24T12:00:00.000Z", note: "Updated with quotes.", significant: true, withdrawn: null, edited: false },
    {
      id: "u0",
      kind: "CLARIFICATION",
      occurredAt: "2026-11-24T11:00:00.000Z",
      note: "Withdrawn one.",
      significant: false,
      withdrawn: { at: "2026-11-24T11:30:00.000Z", reason: "Wrong story" },
      edited: false,
    },
  ],
  firstPublishedAt: "2026-11-24T09:50:00.000Z",
  lastUpdatedAt: "2026-11-24T15:00:00.000Z",
  live: false,
} as PublicStory;

describe("structured data", () => {
  it("matches the page: authors, honest dates, corrections", () => {
    const data = storyJsonLd(story, { name: "The Metro Ledger", origin: "https://news.example" });
    expect(data).toMatchObject({
      "@type": "NewsArticle",
      datePublished: story.firstPublishedAt,
      dateModified: story.lastUpdatedAt,
      author: [
        { "@type": "Person", name: "Sam Okafor", jobTitle: "staff writer", url: "https://news.example/authors/sam-okafor" },
        { "@type": "Person", name: "Lena Marsh", jobTitle: "special correspondent" },
      ],
      correction: [{ "@type": "CorrectionComment", text: "An earlier version misstated the length.", datePublished: "2026-11-24T15:00:00.000Z" }],
      mainEntityOfPage: { "@id": "https://news.example/stories/bridge" },
    });
    expect((data.author[1] as Record<string, unknown>).url).toBeUndefined();
    // Withdrawn corrections and plain updates are not corrections.
    expect(data.correction).toHaveLength(1);
    expect(storyJsonLd(story, { name: "x", origin: "https://news.example" }, { live: true })["@type"]).toBe("LiveBlogPosting");
  });

  it("cannot be broken out of by hostile text, and parses back to the same data", () => {
    const data = storyJsonLd(story, { name: "The Metro Ledger", origin: "https://news.example" });
    const json = serializeJsonLd(data);
    expect(json).not.toMatch(/<|>/);
    expect(JSON.parse(json)).toEqual(data);
  });
});
