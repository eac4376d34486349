import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { getIssueForDesk, issueProgress, previewIssueHtml } from "@/lib/newsletters/issues";
import { activeSubscriberCounts } from "@/lib/newsletters/lists";
import { frontPageDigestItems } from "@/lib/newsletters/digest";
import { IssueEditor } from "./issue-editor";
import { SendProgress } from "./send-progress";

export const metadata: Metadata = { title: "Newsletter issue · Newsroom" };

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function IssuePage({ params }: Props) {
  const { id } = await params;
  const actor = await requireActorOrRedirect(`/desk/newsletters/issues/${id}`);
  if (!UUID.test(id)) notFound();
  if (!can(actor, "newsletter.send")) {
    return (
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="font-serif text-3xl font-bold">Newsletter issue</h1>
        <p className="mt-4">Only editors can prepare and send newsletters.</p>
      </main>
    );
  }
  const issue = await getIssueForDesk(actor, id);
  if (!issue) notFound();
  const [preview, progress, counts, candidates] = await Promise.all([
    previewIssueHtml(actor, id),
    issueProgress(actor, id),
    activeSubscriberCounts(issue.newsletterId),
    issue.status === "DRAFT" && issue.kind === "DIGEST" ? frontPageDigestItems() : Promise.resolve([]),
  ]);
  const reach = counts.get(issue.newsletterId) ?? 0;

  return (
    <main id="main" className="mx-auto grid max-w-6xl gap-10 px-4 py-8 lg:grid-cols-[1fr_1fr]">
      <div className="space-y-6">
        <Link href="/desk/newsletters" className="text-sm underline underline-offset-4">
          All newsletters
        </Link>
        <h1 className="font-serif text-3xl font-bold">{issue.newsletter.name}</h1>
        {issue.status === "DRAFT" ? (
          <IssueEditor
            issueId={issue.id}
            initial={{ subject: issue.subject, intro: issue.intro, items: issue.items.map((i) => ({ storyId: i.storyId, headline: i.headline })) }}
            candidates={candidates.map((c) => ({ storyId: c.storyId, headline: c.headline }))}
            reach={reach}
          />
        ) : (
          <p className="text-lg font-semibold">{issue.subject}</p>
        )}
        {issue.status !== "DRAFT" ? <SendProgress issueId={issue.id} initial={progress} /> : null}
      </div>
      <section aria-labelledby="preview-heading" className="space-y-3">
        <h2 id="preview-heading" className="font-serif text-xl font-bold">
          Preview
        </h2>
        {/* The email in a sandbox with no permissions at all: nothing in it can run. */}
        <iframe title="Email preview" srcDoc={preview} sandbox="" className="h-[48rem] w-full rounded border border-rule bg-white" />
      </section>
    </main>
  );
}
