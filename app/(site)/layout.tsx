import type { ReactNode } from "react";
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
        <p className="mx-auto max-w-5xl px-4 py-6 text-sm text-muted">© {siteName}</p>
      </footer>
    </>
  );
}
