import "server-only";
import { containsText } from "@/lib/text/contains";
import { db } from "@/lib/db";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MediaFilters } from "@/lib/media/schemas";

// The newsroom's reads of the library: the Media page's list and a photo's page. Dynamic, never cached.

export const MEDIA_PAGE_SIZE = 24;

const THUMBNAIL = { where: { shape: "full", format: "jpeg" }, orderBy: { width: "asc" }, take: 1, select: { file: true, width: true, height: true } } as const;

function whereOf(filters: MediaFilters): Prisma.MediaWhereInput {
  const and: Prisma.MediaWhereInput[] = [];
  if (filters.q) {
    const contains = containsText(filters.q);
    and.push({ OR: [{ caption: contains }, { creditLine: contains }, { photographer: contains }, { altText: contains }, { originalName: contains }] });
  }
  if (filters.status) and.push({ status: filters.status });
  if (filters.uploader) and.push({ uploadedById: filters.uploader });
  if (filters.use === "used") and.push({ OR: [{ usages: { some: {} } }, { leadFor: { some: {} } }] });
  if (filters.use === "unused") and.push({ usages: { none: {} }, leadFor: { none: {} } });
  return { AND: and };
}

function authorize(actor: Actor) {
  if (!can(actor, "media.upload")) throw new ForbiddenError("You may not open the media library.");
}

export async function listMediaForDesk(actor: Actor, filters: MediaFilters) {
  authorize(actor);
  const where = whereOf(filters);
  const [total, rows, uploaders] = await Promise.all([
    db().media.count({ where }),
    db().media.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * MEDIA_PAGE_SIZE,
      take: MEDIA_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        failure: true,
        caption: true,
        altText: true,
        photographer: true,
        creditLine: true,
        originalName: true,
        width: true,
        height: true,
        createdAt: true,
        uploadedBy: { select: { name: true } },
        renditions: THUMBNAIL,
        _count: { select: { usages: true, leadFor: true } },
      },
    }),
    db().user.findMany({ where: { mediaUploaded: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / MEDIA_PAGE_SIZE)),
    uploaders,
    rows: rows.map(({ renditions, _count, uploadedBy, ...row }) => ({
      ...row,
      uploader: uploadedBy?.name ?? "",
      thumbnail: renditions[0] ?? null,
      usedBy: Math.max(_count.usages, _count.leadFor),
    })),
  };
}
export type DeskMediaRow = Awaited<ReturnType<typeof listMediaForDesk>>["rows"][number];

export async function getMediaForDesk(actor: Actor, mediaId: string) {
  authorize(actor);
  const media = await db().media.findUnique({
    where: { id: mediaId },
    select: {
      id: true,
      status: true,
      failure: true,
      version: true,
      originalName: true,
      mimeType: true,
      byteSize: true,
      width: true,
      height: true,
      caption: true,
      altText: true,
      photographer: true,
      photographerTitle: true,
      creditLine: true,
      source: true,
      copyrightNotice: true,
      takenAt: true,
      focalX: true,
      focalY: true,
      placeholder: true,
      uploadedById: true,
      createdAt: true,
      uploadedBy: { select: { name: true } },
      renditions: {
        select: { shape: true, format: true, width: true, height: true, file: true, byteSize: true },
        orderBy: [{ shape: "asc" }, { width: "asc" }],
      },
    },
  });
  if (!media) return null;
  const stories = await db().story.findMany({
    where: { OR: [{ media: { some: { mediaId } } }, { leadMediaId: mediaId }] },
    select: { id: true, headline: true, status: true, leadMediaId: true },
    orderBy: { updatedAt: "desc" },
  });
  const mayEdit = can(actor, "media.manage") || (actor.kind === "user" && media.uploadedById === actor.id);
  return { ...media, stories: stories.map((s) => ({ ...s, lead: s.leadMediaId === mediaId })), mayEdit, mayDelete: can(actor, "media.manage") };
}
export type DeskMedia = NonNullable<Awaited<ReturnType<typeof getMediaForDesk>>>;
