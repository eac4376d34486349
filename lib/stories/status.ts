import type { StoryStatus } from "@/lib/generated/prisma/enums";

/** Story statuses in words, for the newsroom's pages and the revision history. */
export const STATUS_LABELS: Record<StoryStatus, string> = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  SCHEDULED: "Scheduled",
  PUBLISHED: "Published",
  UNPUBLISHED: "Unpublished",
};
