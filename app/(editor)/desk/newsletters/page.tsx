import type { Metadata } from "next";
import Link from "next/link";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { listNewslettersForDesk } from "@/lib/newsletters/lists";
import { listIssuesForDesk } from "@/lib/newsletters/issues";
import { readMailSettings } from "@/lib/newsletters/settings";
import { getSiteSettings } from "@/lib/settings/site";
import { formatApDateTime } from "@/lib/time/ap-style";
import { ListTable } from "@/components/ui/list-page";
import { MailSettingsForm, NewsletterForm, PrepareIssueButton } from "./newsletter-forms";

export const metadata: Metadata = { title: "Newsletters · Newsroom" };

const STATUS_LABELS = { DRAFT: "Draft", QUEUED: "Queued", SENDING: "Sending", PAUSED: "Paused", SENT: "Sent" } as const;

export default async function NewslettersDeskPage() {
  const actor = await requireActorOrRedirect("/desk/newsletters");
  const canSend = can(actor, "newsletter.send");
  const canManage = can(actor, "newsletter.manage");
  if (!canSend && !canManage) {
    return (
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="font-serif text-3xl font-bold">Newsletters</h1>
        <p className="mt-4">Only editors and admins work on newsletters.</p>
      </main>
    );
  }
  const [lists, issues, mail, { timeZone }] = await Promise.all([
    listNewslettersForDesk(),
    canSend ? listIssuesForDesk(actor) : Promise.resolve([]),
    readMailSettings(),
    getSiteSettings(),
  ]);

  return (
    <main id="main" className="mx-auto max-w-6xl space-y-10 px-4 py-8">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="font-serif text-3xl font-bold">Newsletters</h1>
        {canManage ? (
          <Link href="/desk/newsletters/subscribers" className="text-sm font-semibold underline underline-offset-4">
            Subscribers
          </Link>
        ) : null}
      </div>

      <section aria-labelledby="lists-heading" className="space-y-4">
        <h2 id="lists-heading" className="font-serif text-xl font-bold">
          Lists
        </h2>
        <ListTable
          caption="Newsletters"
          columns={[{ label: "Name" }, { label: "Sent" }, { label: "Subscribers", align: "right" }, ...(canSend ? [{ label: "Next issue" }] : [])]}
          rowCount={lists.length}
          empty="No newsletters yet."
        >
          {lists.map((list) => (
            <tr key={list.id} className="border-b border-rule align-top">
              <th scope="row" className="py-3 pr-4 font-semibold">
                {list.name}
                {list.active ? null : <span className="ml-2 text-xs font-normal text-muted">(switched off)</span>}
              </th>
              <td className="py-3 pr-4">{list.sendTime ? `Daily at ${list.sendTime}` : "On demand"}</td>
              <td className="py-3 pr-4 text-right tabular-nums">{list.subscribers.toLocaleString("en-US")}</td>
              {canSend ? (
                <td className="py-3">
                  <PrepareIssueButton newsletterId={list.id} name={list.name} />
                </td>
              ) : null}
            </tr>
          ))}
        </ListTable>
      </section>

      {canSend ? (
        <section aria-labelledby="issues-heading" className="space-y-4">
          <h2 id="issues-heading" className="font-serif text-xl font-bold">
            Issues and alerts
          </h2>
          <ListTable
            caption="Recent issues"
            columns={[{ label: "Subject" }, { label: "Newsletter" }, { label: "Status" }, { label: "Readers", align: "right" }, { label: "Made" }]}
            rowCount={issues.length}
            empty="Nothing sent yet."
          >
            {issues.map((issue) => (
              <tr key={issue.id} className="border-b border-rule align-top">
                <th scope="row" className="py-3 pr-4 font-semibold">
                  <Link href={`/desk/newsletters/issues/${issue.id}`} className="underline underline-offset-4">
                    {issue.subject}
                  </Link>
                </th>
                <td className="py-3 pr-4">{issue.newsletter.name}</td>
                <td className="py-3 pr-4">{STATUS_LABELS[issue.status]}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{issue.status === "DRAFT" ? "" : issue.recipients.toLocaleString("en-US")}</td>
                <td className="py-3 pr-4">{formatApDateTime(issue.createdAt, timeZone)}</td>
              </tr>
            ))}
          </ListTable>
        </section>
      ) : null}

      {canManage ? (
        <>
          <section aria-labelledby="edit-heading" className="space-y-6">
            <h2 id="edit-heading" className="font-serif text-xl font-bold">
              Manage lists
            </h2>
            <div className="grid gap-8 md:grid-cols-2">
              {lists.map((list) => (
                <details key={list.id} className="rounded border border-rule p-4">
                  <summary className="cursor-pointer font-semibold">Edit {list.name}</summary>
                  <div className="mt-4">
                    <NewsletterForm
                      newsletterId={list.id}
                      initial={{
                        name: list.name,
                        slug: list.slug,
                        description: list.description,
                        senderName: list.senderName,
                        senderAddress: list.senderAddress,
                        sendTime: list.sendTime ?? "",
                        active: list.active,
                      }}
                    />
                  </div>
                </details>
              ))}
              <div className="rounded border border-rule p-4">
                <h3 className="mb-4 font-semibold">New newsletter</h3>
                <NewsletterForm />
              </div>
            </div>
          </section>
          {can(actor, "settings.manage") ? (
            <section aria-labelledby="mail-settings-heading" className="max-w-xl space-y-4">
              <h2 id="mail-settings-heading" className="font-serif text-xl font-bold">
                Settings for every newsletter
              </h2>
              <MailSettingsForm initial={mail} />
            </section>
          ) : null}
        </>
      ) : null}
    </main>
  );
}
