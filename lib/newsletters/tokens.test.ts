import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => {
  process.env.NEXTAUTH_SECRET ??= "a test secret that is long enough for the app";
});

const { normalizeEmail, signToken, suppressionHash, verifyToken } = await import("@/lib/newsletters/tokens");

describe("signed newsletter links", () => {
  const id = "0b6f1c1e-4a8e-4a57-9f39-2f0d5d1b7a10";

  it("carries its parts back while valid", () => {
    expect(verifyToken("preferences", signToken("preferences", [id]), 1)).toEqual([id]);
    expect(verifyToken("unsubscribe", signToken("unsubscribe", [id, id]), 2)).toEqual([id, id]);
  });

  it("refuses another purpose, a changed part, a changed signature and a past expiry", () => {
    const token = signToken("confirm", [id], new Date(Date.now() + 3600_000));
    expect(verifyToken("preferences", token, 1)).toBeNull();
    expect(verifyToken("confirm", token.replace(id, id.replace("0b6f", "0b6e")), 1)).toBeNull();
    expect(verifyToken("confirm", `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, 1)).toBeNull();
    expect(verifyToken("confirm", signToken("confirm", [id], new Date(Date.now() - 1000)), 1)).toBeNull();
    expect(verifyToken("confirm", token, 1, new Date(Date.now() + 2 * 3600_000))).toBeNull();
    for (const junk of [undefined, null, 42, "", "confirm", "x".repeat(1000)]) expect(verifyToken("confirm", junk, 1)).toBeNull();
  });

  it("hashes an address the way it is stored, whatever its case and spaces", () => {
    expect(normalizeEmail("  Reader@Example.TEST ")).toBe("reader@example.test");
    expect(suppressionHash(" Reader@Example.TEST")).toBe(suppressionHash("reader@example.test"));
    expect(suppressionHash("reader@example.test")).not.toContain("reader");
  });
});
