import { z } from "zod";
import { textField } from "@/lib/text/storable";

// What the settings form sends. Parsed on the server by the action that accepts it.

/** An IANA zone name ("America/Chicago", "UTC"), not an offset or a locale. */
const IANA_NAME = /^(?:UTC|[A-Za-z]+(?:[_-][A-Za-z]+)*(?:\/[A-Za-z0-9]+(?:[_+-][A-Za-z0-9]+)*)+)$/;

/** The zone as the runtime's time-zone database spells it, or null when it knows no such zone. */
export function canonicalTimeZone(value: string): string | null {
  if (!IANA_NAME.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null; // RangeError: not in the runtime's database
  }
}

export const siteSettingsInputSchema = z.object({
  siteName: z
    .string()
    .transform((s) => s.trim().replace(/\s+/g, " "))
    .pipe(textField().min(1, "Name the site: readers see it on every page.").max(120, "Keep the site name under 120 characters.")),
  timeZone: z
    .string()
    .trim()
    .max(64, "That is not a time zone name.")
    .transform((value, ctx) => {
      const zone = value ? canonicalTimeZone(value) : null;
      if (!zone) {
        ctx.addIssue({
          code: "custom",
          message: value
            ? `"${value}" is not a time zone this server knows. Use an IANA name such as America/New_York, America/Chicago, Europe/London or UTC.`
            : "Choose the newsroom's time zone, such as America/New_York.",
        });
        return z.NEVER;
      }
      return zone;
    }),
  /** Empty for none. */
  defaultSectionId: z
    .string()
    .trim()
    .transform((s) => s || null)
    .pipe(textField().uuid("Choose a section from the list.").nullable()),
});
export type SiteSettingsValues = z.output<typeof siteSettingsInputSchema>;
export type SiteSettingsInput = z.input<typeof siteSettingsInputSchema>;
