// Author-page slugs: derived from the name once, and a namesake never takes someone else's page.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { uniqueUserSlug } from "@/lib/users/slug";
import { createUser } from "./support/factories";

describe("author slugs", () => {
  it("come from the name, and namesakes get the next free number", async () => {
    expect(await uniqueUserSlug(db(), "Renée O’Connor")).toBe("renee-oconnor");
    const first = await createUser("REPORTER", { name: "Sam Rivera" });
    const second = await createUser("REPORTER", { name: "Sam Rivera" });
    const slugs = await db().user.findMany({ where: { id: { in: [first.user.id, second.user.id] } }, select: { slug: true } });
    expect(slugs.map((u) => u.slug).sort()).toEqual(["sam-rivera", "sam-rivera-2"]);
    expect(await uniqueUserSlug(db(), "Sam Rivera")).toBe("sam-rivera-3");
  });

  it("fall back to a generic word when a name has no letters or digits to use", async () => {
    expect(await uniqueUserSlug(db(), "!!!")).toBe("staff");
  });
});
