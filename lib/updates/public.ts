import "server-only";
import { unstable_cache } from "next/cache";
import { db } from "@/lib/db";
import { cacheTags } from "@/lib/cache/tags";
import { LISTED_AS_CORRECTIONS } from "@/lib/updates/kinds";
import { publiclyVisible } from "@/lib/stories/visibility";
import type { UpdateKind } from "@/lib/generated/prisma/enums";

// The site-wide record of corrections and clarifications, for the corrections page and its feed.
// Like lib/stories/public.ts, every query reads only stories readers may see; results are cached under
// cacheTags.corrections, which every log write and every public change to a story expires.

export const CORRECTIONS_PER_PAGE = 20;

export type PublicCorrection = {
  id: string;
  kind: UpdateKind;
  note: string;
  occurredAt: string;
  withdrawn: { at: string; reason: string } | null;
  story: { slug: string; headline: string };
};

export type CorrectionsPage = { page: number; corrections: PublicCorrection[]; hasPrevious: boolean; hasNext: boolean };

async function findCorrections(skip: number, take: number): Promise<PublicCorrection[]> {
  const rows = await db().storyUpdate.findMany({
    where: { kind: { in: [...LISTED_AS_CORRECTIONS] }, story: await publiclyVisible() },
    // The id breaks ties so that pages never overlap or skip an entry.
    orderBy: [{ occurredAt: "desc" }, { id: "asc" }],
    skip,
    take,
    select: { id: true, kind: true, note: true, occurredAt: true, withdrawnAt: true, withdrawnReason: true, story: { select: { slug: true, headline: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    note: r.note,
    occurredAt: r.occurredAt.toISOString(),
    withdrawn: r.withdrawnAt ? { at: r.withdrawnAt.toISOString(), reason: r.withdrawnReason ?? "" } : null,
    story: r.story,
  }));
}

/** One page (from 1) of corrections and clarifications on published stories, newest first. */
export async function findCorrectionsPage(page: number): Promise<CorrectionsPage> {
  const current = Number.isSafeInteger(page) && page >= 1 ? page : 1;
  const rows = await findCorrections((current - 1) * CORRECTIONS_PER_PAGE, CORRECTIONS_PER_PAGE + 1);
  return { page: current, corrections: rows.slice(0, CORRECTIONS_PER_PAGE), hasPrevious: current > 1, hasNext: rows.length > CORRECTIONS_PER_PAGE };
}

/** The newest corrections, for the feed. */
export function findLatestCorrections(limit: number): Promise<PublicCorrection[]> {
  return findCorrections(0, limit);
}

export function getCorrectionsPage(page: number): Promise<CorrectionsPage> {
  return unstable_cache(() => findCorrectionsPage(page), ["corrections-page", String(page)], { tags: [cacheTags.corrections] })();
}

export const getLatestCorrections = unstable_cache(() => findLatestCorrections(50), ["corrections-feed"], { tags: [cacheTags.corrections] });
