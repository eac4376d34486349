import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { STATUS_LABELS } from "@/lib/stories/status";

export { STATUS_LABELS };

export function StatusBadge({ status }: { status: StoryStatus }) {
  const tone = status === "PUBLISHED" ? "border-green-700" : status === "IN_REVIEW" ? "border-amber-600" : "border-rule";
  return <span className={`inline-block rounded border-2 px-2 py-0.5 text-xs font-semibold ${tone}`}>{STATUS_LABELS[status]}</span>;
}
