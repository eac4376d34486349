import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prefillFromMetadata, readMetadataBlocks } from "@/lib/media/metadata";

const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/images/${name}`, import.meta.url));

describe("prefill from a photo's metadata", () => {
  it("prefers XMP, falls back to IPTC IIM, then EXIF", () => {
    expect(
      prefillFromMetadata({
        dc: { description: { lang: "x-default", value: " XMP caption " }, creator: ["Ann One", "Bo Two"], rights: { lang: "x-default", value: "© XMP" } },
        photoshop: { AuthorsPosition: "Staff", Credit: "A Very Long Credit Line That IIM Would Cut", Source: "Wire", DateCreated: "2007-04-19T11:03:15-06:00" },
        iptc: { Caption: "IIM caption", Byline: "IIM Name", Credit: "A Very Long Credit Line That IIM", CopyrightNotice: "© IIM" },
      }),
    ).toEqual({
      caption: "XMP caption",
      photographer: "Ann One, Bo Two",
      photographerTitle: "Staff",
      creditLine: "A Very Long Credit Line That IIM Would Cut",
      source: "Wire",
      copyrightNotice: "© XMP",
      takenAt: new Date("2007-04-19T17:03:15Z"),
    });
    expect(
      prefillFromMetadata({
        iptc: {
          Caption: "IIM caption",
          Byline: "IIM Name",
          BylineTitle: "Stringer",
          Credit: "IIM Credit",
          Source: "IIM Source",
          DateCreated: "20070419",
          TimeCreated: "110315-0600",
        },
        ifd0: { Artist: "EXIF Artist", Copyright: "© EXIF" },
      }),
    ).toEqual({
      caption: "IIM caption",
      photographer: "IIM Name",
      photographerTitle: "Stringer",
      creditLine: "IIM Credit",
      source: "IIM Source",
      copyrightNotice: "© EXIF",
      takenAt: new Date("2007-04-19T17:03:15Z"),
    });
    expect(
      prefillFromMetadata({ ifd0: { ImageDescription: "EXIF caption", Artist: "EXIF Artist" }, exif: { DateTimeOriginal: new Date("2018-07-25T16:34:23Z") } }),
    ).toMatchObject({
      caption: "EXIF caption",
      photographer: "EXIF Artist",
      takenAt: new Date("2018-07-25T16:34:23Z"),
    });
  });

  it("drops what no text of ours may hold and ignores impossible dates", () => {
    const prefill = prefillFromMetadata({ iptc: { Caption: "a\u0000b\ud800c", DateCreated: "00000000" }, exif: { DateTimeOriginal: "not a date" } });
    expect(prefill.caption).toBe("abc");
    expect(prefill.takenAt).toBeNull();
    expect(prefillFromMetadata({})).toMatchObject({ caption: "", photographer: "", takenAt: null });
  });

  it("reads IPTC's staff photographer example field by field", async () => {
    expect(prefillFromMetadata(await readMetadataBlocks(fixture("iptc-staff-photographer-example.jpg")))).toEqual({
      caption: "After digging the furrows another ten yards with the tractor, Jim Moore hops off to hand-set more leeks and onions.",
      photographer: "John Doe",
      photographerTitle: "Staff Photographer",
      creditLine: "Big Newspaper",
      source: "John Doe / Big Newspaper",
      copyrightNotice: "©2010 Big Newspaper, all rights reserved",
      takenAt: new Date("2007-04-19T17:03:15Z"),
    });
  });

  it("takes XMP's full credit where IPTC IIM cut it to 32 bytes", async () => {
    const prefill = prefillFromMetadata(await readMetadataBlocks(fixture("iptc-independent-photographer-example.jpg")));
    expect(prefill.creditLine).toBe("©1985 David Riecks: www.riecks.com");
    expect(prefill.photographer).toBe("David Riecks");
    expect(prefill.photographerTitle).toBe("Photographer");
  });

  it("reads nothing from a file with no metadata, and does not throw on one that is not an image", async () => {
    expect(prefillFromMetadata(await readMetadataBlocks(fixture("noexif.jpg")))).toMatchObject({ caption: "", photographer: "", takenAt: null });
    expect(await readMetadataBlocks(Buffer.from("just some text"))).toEqual({});
  });
});
