import { z } from "zod";
import { textField } from "@/lib/text/storable";

// What the Media page's forms send. Text is the person's own (prefilled from the file, then confirmed
// or edited); the date taken is a datetime-local value in the newsroom's zone.

const text = (label: string, max: number) => textField().trim().max(max, `Keep the ${label} under ${max} characters.`);

export const mediaMetadataSchema = z.object({
  mediaId: textField().uuid(),
  baseVersion: z.number().int().min(1).max(2_147_483_647),
  caption: text("caption", 2000),
  altText: text("alt text", 1000),
  photographer: text("photographer's name", 200),
  photographerTitle: text("photographer's title", 200),
  creditLine: text("credit line", 300),
  source: text("source", 300),
  copyrightNotice: text("copyright notice", 500),
  takenAt: textField()
    .trim()
    .max(40)
    .refine((value) => value === "" || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value), "Enter the date and time taken, or leave it empty."),
  focalX: z.number({ message: "Enter the focal point's position across, from 0 to 100 %." }).finite().min(0, "From 0 to 100 %.").max(100, "From 0 to 100 %."),
  focalY: z.number({ message: "Enter the focal point's position down, from 0 to 100 %." }).finite().min(0, "From 0 to 100 %.").max(100, "From 0 to 100 %."),
});
export type MediaMetadataInput = z.input<typeof mediaMetadataSchema>;
export type MediaMetadataValues = z.output<typeof mediaMetadataSchema>;

export const mediaRefSchema = z.object({ mediaId: textField().uuid() });

export const MEDIA_STATUSES = ["PROCESSING", "READY", "FAILED"] as const;

/** The library list's filters, from the address (anything unknown is ignored, never an error). */
export const mediaFiltersSchema = z.object({
  q: textField().trim().max(200).catch(""),
  status: z.enum(MEDIA_STATUSES).optional().catch(undefined),
  uploader: textField().uuid().optional().catch(undefined),
  use: z.enum(["used", "unused"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type MediaFilters = z.output<typeof mediaFiltersSchema>;
