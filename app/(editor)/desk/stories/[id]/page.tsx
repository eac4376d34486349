import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { getStoryForEditor, getStoryFormOptions } from "@/lib/stories/editor-queries";
import { getSiteSettings } from "@/lib/settings/site";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { StoryForm } from "../story-form";
import { photoChoices } from "@/lib/media/picker";
import { bodyImages, readBody } from "@/lib/body/story-body";
import { CorrectionForm, UpdateForm } from "./update-form";
import { UpdateLogList } from "./update-log-list";
import { PreviewLink } from "./preview-link";
import { LiveToggle } from "./live-toggle";
import { ScheduledChanges } from "./scheduled-changes";
import { OriginalPublicationForm } from "./original-publication-form";
import { listOpenScheduledChanges } from "@/lib/scheduling/change-queries";
import { SendAlert } from "./send-alert";
import { alertAudiences } from "@/lib/newsletters/issues";

export const metadata: Metadata = { title: "Edit story · Newsroom" };

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditStoryPage({ params }: Props) {
  const { id } = await params;
  const actor = await requireActorOrRedirect(`/desk/stories/${id}`);
  if (!UUID.test(id)) notFound();
  const story = await getStoryForEditor(actor, id).catch((error) => {
    // A story this person may not open is answered like one that does not exist.
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  });
  const changes = await listOpenScheduledChanges(actor, story.id);
  // The related stories a scheduled change names are named in its comparison too.
  const relatedIds = [...new Set([...story.values.relatedIds, ...changes.flatMap((c) => c.content.relatedIds ?? [])])];
  const canAlert = can(actor, "newsletter.send") && story.status === "PUBLISHED";
  const photoIds = [story.values.leadMediaId ?? "", ...bodyImages(readBody(story.values.body)).map((image) => image.attrs.mediaId)].filter(Boolean);
  const [options, { timeZone }, audiences, photos] = await Promise.all([
    getStoryFormOptions(relatedIds),
    getSiteSettings(),
    canAlert ? alertAudiences(actor) : Promise.resolve([]),
    photoChoices(actor, photoIds),
  ]);

  return (
    <main id="main" className="mx-auto grid max-w-6xl gap-10 px-4 py-8 lg:grid-cols-[1fr_18rem]">
      <div>
        <div className="mb-6 flex flex-wrap items-baseline justify-between gap-4">
          <h1 className="font-serif text-3xl font-bold">Edit story</h1>
          <Link href={`/desk/stories/${story.id}/history`} className="text-sm font-semibold underline underline-offset-4">
            Revision history
          </Link>
        </div>
        <ScheduledChanges changes={changes} current={story.values} version={story.version} options={options} timeZone={timeZone} />
        <StoryForm
          key={story.id}
          storyId={story.id}
          version={story.version}
          status={story.status}
          everPublished={Boolean(story.firstPublishedAt)}
          initialValues={story.values}
          options={options}
          photos={photos}
          permissions={story.permissions}
          timeZone={timeZone}
          embargoUntil={story.embargoUntil}
        />
      </div>
      <aside aria-label="Story tools" className="space-y-8">
        {story.permissions.edit && story.status !== "PUBLISHED" ? (
          <section aria-labelledby="share-heading" className="space-y-3">
            <h2 id="share-heading" className="font-serif text-xl font-bold">
              Share a preview
            </h2>
            <PreviewLink storyId={story.id} />
          </section>
        ) : null}
        {story.permissions.backdate && story.firstPublishedAt ? (
          <section aria-labelledby="original-publication-heading" className="space-y-3">
            <h2 id="original-publication-heading" className="font-serif text-xl font-bold">
              Original publication
            </h2>
            <OriginalPublicationForm storyId={story.id} firstPublishedAt={story.firstPublishedAt} timeZone={timeZone} />
          </section>
        ) : null}
        {story.permissions.live ? (
          <section aria-labelledby="live-heading" className="space-y-3">
            <h2 id="live-heading" className="font-serif text-xl font-bold">
              Live coverage
            </h2>
            <LiveToggle storyId={story.id} live={story.live} />
          </section>
        ) : null}
        {canAlert ? (
          <section aria-labelledby="alert-heading" className="space-y-3">
            <h2 id="alert-heading" className="font-serif text-xl font-bold">
              Breaking-news alert
            </h2>
            <SendAlert storyId={story.id} audiences={audiences} />
          </section>
        ) : null}
        <section aria-labelledby="log-heading" className="space-y-4">
          <h2 id="log-heading" className="font-serif text-xl font-bold">
            Update log
          </h2>
          {story.permissions.addUpdate && story.firstPublishedAt ? (
            <>
              <UpdateForm storyId={story.id} timeZone={timeZone} firstPublishedAt={story.firstPublishedAt} />
              <CorrectionForm storyId={story.id} timeZone={timeZone} firstPublishedAt={story.firstPublishedAt} />
            </>
          ) : null}
          <UpdateLogList updates={story.updates} timeZone={timeZone} canAmend={story.permissions.addUpdate} />
        </section>
      </aside>
    </main>
  );
}
