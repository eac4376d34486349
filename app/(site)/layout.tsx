import type { ReactNode } from "react";
import Link from "next/link";
import { Masthead, SkipLink } from "@/components/site/masthead";
import { getSiteSettings } from "@/lib/settings/site";

// Public pages: server components only, no session lookups (they would make every page dynamic).
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const { siteName } = await getSiteSettings();
  return (
    <>
      <SkipLink />
      <Masthead siteName={siteName} />
      {children}
      <footer className="mt-16 border-t border-rule">
        <div className="mx-auto flex max-w-5xl flex-wrap justify-between gap-4 px-4 py-6 text-sm text-muted">
          <p>© {siteName}</p>
          <nav aria-label="Site">
            <Link href="/corrections" className="underline underline-offset-4">
              Corrections
            </Link>
          </nav>
        </div>
      </footer>
    </>
  );
}
