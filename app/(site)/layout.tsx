import type { ReactNode } from "react";
import { Masthead, SiteFooter, SkipLink } from "@/components/site/masthead";
import { getSiteSettings } from "@/lib/settings/site";
import { getNavigationSections } from "@/lib/stories/listings";

// Public pages: server components only, no session lookups (they would make every page dynamic).
// The site name and sections are cached reads (tags settings and sections), so every cached page
// that shows them is expired when they change.
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const [{ siteName }, sections] = await Promise.all([getSiteSettings(), getNavigationSections()]);
  return (
    <>
      <SkipLink />
      <Masthead siteName={siteName} sections={sections} />
      {children}
      <SiteFooter siteName={siteName} />
    </>
  );
}
