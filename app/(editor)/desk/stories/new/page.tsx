import type { Metadata } from "next";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { getStoryFormOptions } from "@/lib/stories/editor-queries";
import { StoryForm } from "../story-form";
import { EMPTY_BODY } from "@/lib/body/story-body";
import { getSiteSettings } from "@/lib/settings/site";

export const metadata: Metadata = { title: "New story · Newsroom" };

export default async function NewStoryPage() {
  const actor = await requireActorOrRedirect("/desk/stories/new");
  const [options, { timeZone, defaultSectionId }] = await Promise.all([getStoryFormOptions(), getSiteSettings()]);
  const me = options.staff.find((person) => person.id === actor.id);
  // The settings are cached: a default section deleted since is simply not preselected.
  const sectionId = options.sections.some((s) => s.id === defaultSectionId) ? defaultSectionId! : "";
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="mb-6 font-serif text-3xl font-bold">New story</h1>
      <StoryForm
        storyId={null}
        version={null}
        status={null}
        everPublished={false}
        timeZone={timeZone}
        options={options}
        permissions={{ edit: can(actor, "story.create"), publish: can(actor, "story.publish"), submit: can(actor, "story.submit"), delete: false }}
        initialValues={{
          headline: "",
          slug: "",
          dek: "",
          body: EMPTY_BODY,
          sectionId,
          creditLine: "",
          bylines: me ? [{ userId: me.id, name: "", title: "" }] : [],
          relatedIds: [],
          tags: "",
        }}
      />
    </main>
  );
}
