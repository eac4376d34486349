import { describe, expect, it } from "vitest";
import { cropOutputs, largestWindow, planCrop, widthsFor } from "@/lib/media/geometry";

describe("crop geometry", () => {
  it("scales to cover the output first, then centres the window on the focal point", () => {
    // 4000 x 3000 to 1600 x 900: cover scale 0.4 gives 1600 x 1200; the focal point at 30 % down is
    // y = 360, so the window's top is 360 - 450 < 0: clamped to the top edge.
    expect(planCrop({ width: 4000, height: 3000 }, { width: 1600, height: 900 }, { x: 0.5, y: 0.3 })).toEqual({
      resize: { width: 1600, height: 1200 },
      window: { left: 0, top: 0, width: 1600, height: 900 },
    });
    // The focal point at 60 % down: y = 720, top = 270 (inside the photo, so not clamped).
    expect(planCrop({ width: 4000, height: 3000 }, { width: 1600, height: 900 }, { x: 0.5, y: 0.6 }).window.top).toBe(270);
  });

  it("clamps the window to the photo at every edge", () => {
    const square = { width: 300, height: 300 };
    // A wide photo, 3000 x 1000 scaled to cover 300 x 300: 900 x 300.
    expect(planCrop({ width: 3000, height: 1000 }, square, { x: 0, y: 0.5 }).window.left).toBe(0);
    expect(planCrop({ width: 3000, height: 1000 }, square, { x: 1, y: 0.5 }).window.left).toBe(600);
    expect(planCrop({ width: 3000, height: 1000 }, square, { x: 0.5, y: 0.5 }).window.left).toBe(300);
    // Out-of-range focal points behave as the nearest edge.
    expect(planCrop({ width: 3000, height: 1000 }, square, { x: 7, y: -3 }).window).toEqual({ left: 600, top: 0, width: 300, height: 300 });
  });

  it("keeps the window inside the resized photo whatever the rounding", () => {
    for (const [w, h] of [
      [1001, 667],
      [333, 999],
      [4048, 3036],
      [17, 1200],
    ]) {
      for (const shape of ["16x9", "4x3", "1x1", "1.91x1"] as const) {
        for (const output of cropOutputs({ width: w, height: h }, shape)) {
          for (const x of [0, 0.13, 0.5, 0.87, 1]) {
            const { resize, window } = planCrop({ width: w, height: h }, output, { x, y: 1 - x });
            expect(window.left).toBeGreaterThanOrEqual(0);
            expect(window.top).toBeGreaterThanOrEqual(0);
            expect(window.left + window.width).toBeLessThanOrEqual(resize.width);
            expect(window.top + window.height).toBeLessThanOrEqual(resize.height);
            // Never upscaled: the resize is no larger than the photo.
            expect(resize.width).toBeLessThanOrEqual(w + 1);
            expect(resize.height).toBeLessThanOrEqual(h + 1);
          }
        }
      }
    }
  });

  it("never makes a width larger than the photo", () => {
    expect(widthsFor(4048, [320, 640, 960, 1280, 1600, 2000, 2400])).toEqual([320, 640, 960, 1280, 1600, 2000, 2400]);
    expect(widthsFor(1000, [320, 640, 960, 1280])).toEqual([320, 640, 960, 1000]);
    expect(widthsFor(200, [320, 640])).toEqual([200]);
  });

  it("gives a share card of 1200 x 630 when the photo can fill one, and a smaller card otherwise", () => {
    expect(cropOutputs({ width: 4048, height: 3036 }, "1.91x1")).toEqual([{ width: 1200, height: 630 }]);
    expect(cropOutputs({ width: 600, height: 900 }, "1.91x1")).toEqual([{ width: 600, height: 315 }]);
    expect(largestWindow({ width: 4048, height: 3036 }, 16 / 9)).toEqual({ width: 4048, height: 2277 });
    expect(cropOutputs({ width: 4048, height: 3036 }, "16x9").map((s) => `${s.width}x${s.height}`)).toEqual(["320x180", "640x360", "960x540", "1200x675"]);
  });
});
