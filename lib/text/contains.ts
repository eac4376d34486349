import { withoutUnstorable } from "@/lib/text/storable";

/**
 * A Prisma `contains` filter that finds `text` as typed, case-insensitively. Prisma hands `contains` to
 * ILIKE as it is, so a typed backslash, % or _ would be a pattern character: they are escaped. And a
 * NUL or a lone surrogate, which the database cannot compare, is dropped, as from every typed field.
 */
export function containsText(text: string): { contains: string; mode: "insensitive" } {
  return { contains: withoutUnstorable(text).replace(/[\\%_]/g, "\\$&"), mode: "insensitive" };
}
