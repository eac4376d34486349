import type { Metadata } from "next";
import { notFound } from "next/navigation";

// Where the sign-up, confirmation and unsubscribe forms land: one short message each. Rendered per
// request like the other reader pages (the layout reads cached data; a build must not need the database).
export const dynamic = "force-dynamic";

const OUTCOMES: Record<string, { title: string; text: string }> = {
  "check-your-inbox": {
    title: "Check your inbox to confirm",
    text: "If the address can receive our newsletters, a confirmation email is on its way. Open its link to start your subscription; nothing is sent until you do.",
  },
  confirmed: { title: "You are subscribed", text: "Thank you. Your first newsletter arrives with the next edition." },
  "link-expired": {
    title: "This link no longer works",
    text: "It may have expired (confirmation links work for 48 hours) or been replaced. Sign up again to get a fresh one.",
  },
  unsubscribed: { title: "You are unsubscribed", text: "You will not receive these emails any more. Changed your mind? You can sign up again at any time." },
};

type Props = { params: Promise<{ outcome: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const outcome = OUTCOMES[(await params).outcome];
  return { title: outcome?.title ?? "Newsletters", robots: { index: false } };
}

export default async function NewsletterOutcomePage({ params }: Props) {
  const outcome = OUTCOMES[(await params).outcome];
  if (!outcome) notFound();
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-4xl font-bold">{outcome.title}</h1>
      <p className="mt-4">{outcome.text}</p>
      <p className="mt-6">
        <a href="/newsletters" className="underline underline-offset-4">
          All newsletters
        </a>
      </p>
    </main>
  );
}
