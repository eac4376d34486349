import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "../prisma/seed";
import { findPublishedStory } from "@/lib/stories/public";
import { buildUpdateLog } from "@/lib/updates/update-log";
import { authorizeCredentials } from "@/lib/auth/credentials";
import { findPublishedVersions } from "@/lib/history/queries";
import { formatApDate } from "@/lib/time/ap-style";

describe("the demo seed", () => {
  it("creates three accounts and a breaking story in the full shape, once", async () => {
    const accounts = await seedDemo(db(), {
      passwords: { EDITOR: "editor-password-for-test" },
      timeZone: "America/Chicago",
      now: new Date("2026-03-20T15:00:00Z"),
    });
    expect(accounts?.map((a) => a.email)).toEqual(["admin@newsroom.test", "editor@newsroom.test", "reporter@newsroom.test"]);
    expect(accounts?.find((a) => a.role === "EDITOR")?.password).toBe("editor-password-for-test");
    const admin = accounts!.find((a) => a.role === "ADMIN")!;
    expect(admin.password).toMatch(/^[\w-]{16}$/);
    expect(await authorizeCredentials({ email: admin.email, password: admin.password })).not.toBeNull();

    const story = (await findPublishedStory("alder-river-floods-downtown-as-it-crests-near-record"))!;
    expect(story.bylines).toEqual([
      expect.objectContaining({ name: "Sam Okafor", title: "staff writer" }),
      expect.objectContaining({ name: "Lena Marsh", title: "special correspondent", staffId: null }),
    ]);
    expect(story.creditLine).toBe("The Associated Press contributed to this report.");
    expect(story.related).toHaveLength(3);
    expect(story.updates).toHaveLength(7);

    const log = buildUpdateLog(
      story.updates.map((u) => ({ ...u, occurredAt: new Date(u.occurredAt) })),
      new Date(story.firstPublishedAt),
      "America/Chicago",
    );
    expect(log.lines[0].label).toBe("5:05 p.m.");
    expect(log.lines[0].note).toBe("This article has been updated throughout with additional reporting, quotes, background.");
    expect(log.originalLine.label).toBe("4:50 a.m.");

    // The archive story: its log runs through Dec. 13, 2016, and its history says when it went online.
    const archive = (await findPublishedStory("ice-storm-leaves-90000-without-power-across-the-valley"))!;
    const archiveLog = buildUpdateLog(
      archive.updates.map((u) => ({ ...u, occurredAt: new Date(u.occurredAt) })),
      new Date(archive.firstPublishedAt),
      "America/Chicago",
    );
    expect(archiveLog.lines.map((l) => l.label)).toEqual(["5:05 p.m.", "2:40 p.m.", "11:15 a.m.", "7:30 a.m.", "5:05 a.m."]);
    expect(archiveLog.originalLine.label).toBe("4:50 a.m.");
    expect(formatApDate(new Date(archive.firstPublishedAt), "America/Chicago")).toBe("Dec. 13, 2016");
    const history = await findPublishedVersions(archive.slug);
    expect(history?.versions[0]).toMatchObject({ originallyPublishedAt: archive.firstPublishedAt, publishedAt: "2026-03-20T15:00:00.000Z" });

    expect(await seedDemo(db())).toBeNull();
    expect(await db().user.count()).toBe(3);
  });
});
