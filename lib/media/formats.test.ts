import { describe, expect, it } from "vitest";
import { judgeHeader, sizeRefusal } from "@/lib/media/formats";

describe("what the library accepts, from the bytes' header", () => {
  it("accepts JPEG, PNG, WebP, GIF and AVIF, and reports the upright size", () => {
    expect(judgeHeader({ format: "jpeg", width: 4000, height: 3000 })).toMatchObject({ ok: true, mimeType: "image/jpeg", width: 4000, height: 3000 });
    expect(judgeHeader({ format: "jpeg", width: 80, height: 48, orientation: 6 })).toMatchObject({ ok: true, width: 48, height: 80 });
    expect(judgeHeader({ format: "png", width: 1, height: 1 })).toMatchObject({ ok: true, mimeType: "image/png" });
    expect(judgeHeader({ format: "webp", width: 1, height: 1 })).toMatchObject({ ok: true, mimeType: "image/webp" });
    expect(judgeHeader({ format: "gif", width: 1, height: 1 })).toMatchObject({ ok: true, mimeType: "image/gif" });
    expect(judgeHeader({ format: "heif", compression: "av1", width: 1, height: 1 })).toMatchObject({ ok: true, mimeType: "image/avif" });
  });

  it("refuses SVG and anything that is not a photo, with a reason", () => {
    expect(judgeHeader({ format: "svg", width: 10, height: 10 })).toEqual({ ok: false, message: expect.stringContaining("SVG drawings are not accepted") });
    expect(judgeHeader({ format: "pdf", width: 10, height: 10 })).toEqual({ ok: false, message: expect.stringContaining("not a photo we accept") });
    expect(judgeHeader({ format: "tiff", width: 10, height: 10 })).toMatchObject({ ok: false });
  });

  it("refuses pictures over 100 megapixels before they are decoded", () => {
    expect(judgeHeader({ format: "png", width: 20000, height: 20000 })).toEqual({ ok: false, message: expect.stringContaining("400 megapixels") });
    expect(judgeHeader({ format: "png", width: 10000, height: 10000 })).toMatchObject({ ok: true });
  });

  it("refuses empty and oversized files", () => {
    expect(sizeRefusal(0)).toBe("This file is empty.");
    expect(sizeRefusal(40 * 1024 * 1024)).toBeNull();
    expect(sizeRefusal(40 * 1024 * 1024 + 1)).toContain("the limit is 40 MB");
  });
});
