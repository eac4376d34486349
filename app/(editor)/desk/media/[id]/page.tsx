import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { getMediaForDesk } from "@/lib/media/queries";
import { mediaUrl } from "@/lib/media/urls";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { toLocalInput } from "@/lib/time/local-input";
import { STATUS_LABELS } from "@/components/editor/status-badge";
import { MediaDetailsForm } from "./media-details-form";
import { MediaDangerZone } from "./media-danger-zone";

export const metadata: Metadata = { title: "Photo · Newsroom" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MEDIA_STATUS = { PROCESSING: "Processing: its sizes are being made.", READY: "Ready.", FAILED: "Failed." } as const;

export default async function MediaPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActorOrRedirect(`/desk/media/${encodeURIComponent(id)}`);
  if (!UUID.test(id)) notFound();
  const [media, { timeZone }] = await Promise.all([getMediaForDesk(actor, id), getSiteSettings()]);
  if (!media) notFound();
  const preview = media.renditions.filter((r) => r.shape === "full" && r.format === "jpeg" && r.width <= 1280).at(-1);
  const crops = media.renditions.filter(
    (r) => r.shape !== "full" && r.format === "jpeg" && r.width === Math.min(...media.renditions.filter((c) => c.shape === r.shape).map((c) => c.width)),
  );

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <p className="text-sm">
        <Link href="/desk/media">← Media</Link>
      </p>
      <h1 className="mt-2 font-serif text-3xl font-bold">{media.caption || media.originalName}</h1>
      <p className="mt-1 text-sm text-muted">
        {media.originalName} · {media.width} × {media.height} · {(media.byteSize / 1024 / 1024).toFixed(1)} MB · uploaded by {media.uploadedBy?.name ?? "—"},{" "}
        <time dateTime={media.createdAt.toISOString()}>{formatApDateTime(media.createdAt, timeZone)}</time> ·{" "}
        <a href={`/desk/media/${media.id}/original`}>Download the original</a> (it keeps the file&apos;s metadata, GPS position included: never publish it)
      </p>
      <p role="status" className="mt-2 text-sm font-semibold">
        Status: {MEDIA_STATUS[media.status]} {media.status === "FAILED" ? media.failure : null}
      </p>

      <MediaDetailsForm
        media={{
          id: media.id,
          version: media.version,
          caption: media.caption,
          altText: media.altText,
          photographer: media.photographer,
          photographerTitle: media.photographerTitle,
          creditLine: media.creditLine,
          source: media.source,
          copyrightNotice: media.copyrightNotice,
          takenAt: media.takenAt ? toLocalInput(media.takenAt, timeZone) : "",
          focalX: Math.round(media.focalX * 1000) / 10,
          focalY: Math.round(media.focalY * 1000) / 10,
          width: media.width,
          height: media.height,
          preview: preview ? { src: mediaUrl(preview.file), width: preview.width, height: preview.height } : null,
        }}
        readOnly={!media.mayEdit}
      />

      {crops.length ? (
        <section aria-labelledby="crops-heading" className="mt-10">
          <h2 id="crops-heading" className="font-serif text-xl font-bold">
            Crops around the focal point
          </h2>
          <ul className="mt-3 flex flex-wrap items-end gap-4">
            {crops.map((crop) => (
              <li key={crop.file} className="text-xs">
                {/* eslint-disable-next-line @next/next/no-img-element -- prebuilt renditions are served as they are */}
                <img
                  src={mediaUrl(crop.file)}
                  alt={`The ${crop.shape.replace("x", ":")} crop`}
                  width={crop.width}
                  height={crop.height}
                  className="h-24 w-auto"
                />
                <span>{crop.shape.replace("x", ":")}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="usage-heading" className="mt-10">
        <h2 id="usage-heading" className="font-serif text-xl font-bold">
          Where it is used
        </h2>
        {media.stories.length ? (
          <ul className="mt-2 list-disc pl-5 text-sm">
            {media.stories.map((story) => (
              <li key={story.id}>
                <Link href={`/desk/stories/${story.id}`}>{story.headline || "Untitled"}</Link> ({STATUS_LABELS[story.status]}
                {story.lead ? ", lead photo" : ""})
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-muted">No story uses this photo.</p>
        )}
      </section>

      <MediaDangerZone mediaId={media.id} mayDelete={media.mayDelete} mayReprocess={media.mayEdit && media.status !== "READY"} usedBy={media.stories.length} />
    </main>
  );
}
