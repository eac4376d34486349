import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalContent, canonicalJson, verifyChain, versionDigest, type ChainLink, type VersionContent } from "@/lib/history/chain";

const content = (headline: string): VersionContent => ({
  headline,
  dek: "A dek.",
  body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `About ${headline}.` }] }] },
  bylines: [{ name: "Lena Marsh", title: "special correspondent" }],
  creditLine: "",
  section: "Metro",
  tags: ["Weather"],
  related: [],
});

/** A well-formed chain of versions with these headlines. */
function chain(...headlines: string[]): ChainLink[] {
  const links: ChainLink[] = [];
  for (const [index, headline] of headlines.entries()) {
    const previousDigest = links.at(-1)?.digest ?? null;
    const text = canonicalContent(content(headline));
    links.push({ sequence: index + 1, digest: versionDigest(previousDigest, text), previousDigest, content: text, takenDown: false });
  }
  return links;
}

describe("canonical content", () => {
  it("sorts keys at every depth and writes no whitespace, whatever order the object was built in", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    const shuffled = {
      related: [],
      tags: ["Weather"],
      section: "Metro",
      creditLine: "",
      bylines: [{ title: "special correspondent", name: "Lena Marsh" }],
      body: content("X").body,
      dek: "A dek.",
      headline: "X",
    };
    expect(canonicalContent(shuffled)).toBe(canonicalContent(content("X")));
    expect(canonicalContent(content("X"))).toMatch(
      /^\{"body":\{"content":\[.*\],"type":"doc"\},"bylines":\[\{"name":"Lena Marsh","title":"special correspondent"\}\],"creditLine":"","dek":"A dek\.","headline":"X","related":\[\],"section":"Metro","tags":\["Weather"\]\}$/,
    );
  });

  it("leaves out fields readers do not see", () => {
    const withExtra = { ...content("X"), slug: "x", id: "123" } as VersionContent;
    expect(canonicalContent(withExtra)).toBe(canonicalContent(content("X")));
  });

  it("hashes the format line, the previous digest and the content, one per line", () => {
    const expected = createHash("sha256").update('newsroom-version-v1\nabc\n{"a":1}').digest("hex");
    expect(versionDigest("abc", '{"a":1}')).toBe(expected);
    expect(versionDigest(null, "x")).toBe(createHash("sha256").update("newsroom-version-v1\n\nx").digest("hex"));
    expect(versionDigest(null, "x")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("verifying a chain", () => {
  it("accepts a good chain, and an empty one", () => {
    expect(verifyChain(chain("One", "Two", "Three"))).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  it("catches content rewritten in any version, at that version", () => {
    for (const at of [0, 1, 2]) {
      const links = chain("One", "Two", "Three");
      links[at] = { ...links[at], content: canonicalContent(content("Rewritten")) };
      expect(verifyChain(links)).toMatchObject({ ok: false, brokenAt: at + 1 });
    }
  });

  it("catches a digest replaced, at that version", () => {
    const links = chain("One", "Two", "Three");
    links[1] = { ...links[1], digest: "0".repeat(64) };
    expect(verifyChain(links)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("catches a rewritten version whose digest was recomputed, at the version after it", () => {
    const links = chain("One", "Two", "Three");
    const text = canonicalContent(content("Rewritten"));
    links[1] = { ...links[1], content: text, digest: versionDigest(links[1].previousDigest, text) };
    expect(verifyChain(links)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("catches a previous digest changed, at that version", () => {
    const links = chain("One", "Two", "Three");
    links[2] = { ...links[2], previousDigest: links[0].digest };
    expect(verifyChain(links)).toMatchObject({ ok: false, brokenAt: 3 });
    const first = chain("One", "Two");
    first[0] = { ...first[0], previousDigest: "f".repeat(64) };
    expect(verifyChain(first)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it("catches versions reordered or dropped, where the order breaks", () => {
    const [one, two, three] = chain("One", "Two", "Three");
    expect(verifyChain([one, three, two])).toMatchObject({ ok: false, brokenAt: 2 });
    expect(verifyChain([one, three])).toMatchObject({ ok: false, brokenAt: 2 });
    expect(verifyChain([two, three])).toMatchObject({ ok: false, brokenAt: 1 });
    // Renumbered to hide the gap: the links still give it away.
    expect(verifyChain([one, { ...three, sequence: 2 }])).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("verifies through a taken-down version, whose digest still pins what was there", () => {
    const links = chain("One", "Two", "Three");
    links[1] = { ...links[1], content: null, takenDown: true };
    expect(verifyChain(links)).toEqual({ ok: true });

    const forged = structuredClone(links);
    forged[1].digest = "a".repeat(64);
    expect(verifyChain(forged)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("refuses a version with no content that was not taken down", () => {
    const links = chain("One", "Two");
    links[1] = { ...links[1], content: null };
    expect(verifyChain(links)).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
