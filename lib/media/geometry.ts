// Which renditions a photo gets, and where each crop's window sits. Pure arithmetic, unit-tested.

export type Size = { width: number; height: number };
export type Focal = { x: number; y: number };

/** Shapes of crops (MediaRendition.shape) and their aspect ratios; "full" is the whole photo. */
export const CROP_ASPECTS = { "16x9": 16 / 9, "4x3": 4 / 3, "1x1": 1, "1.91x1": 1200 / 630 } as const;
export type CropShape = keyof typeof CROP_ASPECTS;
export type Shape = "full" | CropShape;
export const FORMATS = ["avif", "webp", "jpeg"] as const;
export type RenditionFormat = (typeof FORMATS)[number];

/** Widths of the whole photo: from a phone's 320 to a retina desktop's 2400. */
export const FULL_WIDTHS = [320, 640, 960, 1280, 1600, 2000, 2400];
/** Widths of the crops: listings' thumbnails and cards, and 1200 for Google's article images. */
export const CROP_WIDTHS = [320, 640, 960, 1200];
/** The share card is one size: what Facebook, LinkedIn and X ask for. */
export const SHARE_CARD = { width: 1200, height: 630 };

/**
 * The widths to make of a picture `available` pixels wide: every listed width it can fill, and its
 * own width when that falls between them or under the smallest; never more than it has (no upscaling).
 */
export function widthsFor(available: number, widths: number[]): number[] {
  const fitting = widths.filter((w) => w <= available);
  const largest = Math.min(available, widths[widths.length - 1]);
  if (!fitting.includes(largest)) fitting.push(largest);
  return fitting;
}

export type CropPlan = {
  /** The whole photo is first resized to this size, which covers the output ... */
  resize: Size;
  /** ... and then this window of the resized photo is the crop. */
  window: { left: number; top: number; width: number; height: number };
};

/**
 * A crop of `output` size from a photo of `source` size: scale the photo so that it covers the output
 * (the smallest scale at which both sides are at least the output's), then centre the output's window
 * on the focal point, pushed back inside the photo where it would fall off an edge. The scale never
 * exceeds 1: callers ask only for outputs the photo can cover (see cropOutputs).
 */
export function planCrop(source: Size, output: Size, focal: Focal): CropPlan {
  const scale = Math.max(output.width / source.width, output.height / source.height);
  const resize = {
    width: Math.max(output.width, Math.round(source.width * scale)),
    height: Math.max(output.height, Math.round(source.height * scale)),
  };
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  const fx = clamp(focal.x, 1);
  const fy = clamp(focal.y, 1);
  const left = clamp(Math.round(fx * resize.width - output.width / 2), resize.width - output.width);
  const top = clamp(Math.round(fy * resize.height - output.height / 2), resize.height - output.height);
  return { resize, window: { left, top, width: output.width, height: output.height } };
}

/** The largest window of the aspect that fits in the photo: the most a crop can show without upscaling. */
export function largestWindow(source: Size, aspect: number): Size {
  const width = Math.min(source.width, Math.floor(source.height * aspect));
  return { width, height: Math.min(source.height, Math.round(width / aspect)) };
}

/** The output sizes of a crop shape for a photo: its widths, none larger than the photo can fill. */
export function cropOutputs(source: Size, shape: CropShape): Size[] {
  const aspect = CROP_ASPECTS[shape];
  const most = largestWindow(source, aspect);
  if (shape === "1.91x1") {
    // One share card; a photo too small for 1200 x 630 gets the largest card it can fill.
    if (most.width >= SHARE_CARD.width) return [SHARE_CARD];
    return [{ width: most.width, height: Math.max(1, Math.round(most.width / aspect)) }];
  }
  return widthsFor(most.width, CROP_WIDTHS).map((width) => ({ width, height: Math.max(1, Math.min(most.height, Math.round(width / aspect))) }));
}

/** Height of the whole photo at a width, keeping its proportions. */
export function heightAt(source: Size, width: number): number {
  return Math.max(1, Math.round((source.height * width) / source.width));
}
