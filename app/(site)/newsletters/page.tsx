import type { Metadata } from "next";
import { publicPageMetadata } from "@/lib/site/page-metadata";
import { getSiteSettings } from "@/lib/settings/site";
import { getActiveNewsletters } from "@/lib/newsletters/lists";
import { NewsletterSignup } from "@/components/site/newsletter-signup";

// Rendered per request from cached data (tags settings and newsletters); the form works without JavaScript.
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const ERRORS: Record<string, string> = {
  email: "Enter an email address like name@example.com.",
  choose: "Choose at least one newsletter.",
};

export async function generateMetadata(): Promise<Metadata> {
  const { siteName } = await getSiteSettings();
  return publicPageMetadata({
    siteName,
    title: "Newsletters",
    description: `${siteName}'s newsletters and breaking-news alerts by email.`,
    path: "/newsletters",
  });
}

export default async function NewslettersPage({ searchParams }: Props) {
  const params = await searchParams;
  const error = typeof params.error === "string" ? ERRORS[params.error] : undefined;
  const email = typeof params.email === "string" ? params.email.slice(0, 254) : "";
  const [{ siteName }, newsletters] = await Promise.all([getSiteSettings(), getActiveNewsletters()]);
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="font-serif text-4xl font-bold">Newsletters</h1>
      <p className="mt-3 text-muted">The news from {siteName} in your inbox. Choose what you want; every email has a link to change it or unsubscribe.</p>
      {error ? (
        <p role="alert" className="mt-6 rounded border-2 border-accent px-4 py-3 font-semibold text-accent">
          {error}
        </p>
      ) : null}
      <div className="mt-8">
        {newsletters.length ? (
          <NewsletterSignup newsletters={newsletters} idPrefix="newsletters-page" heading="Sign up" email={email} />
        ) : (
          <p>No newsletters yet.</p>
        )}
      </div>
    </main>
  );
}
