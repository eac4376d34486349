import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readConfirmation } from "@/lib/newsletters/subscribe";

// The confirmation email's link opens this page, which only asks: opening the link confirms nothing,
// because mail providers' link scanners open every link in an email. The button is a plain form
// POST (no JavaScript), to /newsletters/confirm/accept. Personal, so never cached.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConfirmSubscriptionPage({ searchParams }: Props) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const confirmation = await readConfirmation(token);
  if (!confirmation) redirect("/newsletters/link-expired");
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-4xl font-bold">Confirm your subscription</h1>
      <p className="mt-4">You asked to receive:</p>
      <ul className="mt-2 list-disc pl-6">
        {confirmation.lists.map((name) => (
          <li key={name} className="font-semibold">
            {name}
          </li>
        ))}
      </ul>
      <form method="post" action="/newsletters/confirm/accept" className="mt-6">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="rounded bg-ink px-4 py-2 text-sm font-semibold text-paper">
          Confirm subscription
        </button>
      </form>
      <p className="mt-4 text-sm text-muted">If it was not you, close this page: nothing will be sent.</p>
    </main>
  );
}
