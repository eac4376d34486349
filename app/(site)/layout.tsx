import type { ReactNode } from "react";
import { Masthead, SiteFooter, SkipLink } from "@/components/site/masthead";
import { getSiteSettings } from "@/lib/settings/site";
import { getNavigationSections } from "@/lib/stories/listings";
import { getActiveNewsletters } from "@/lib/newsletters/lists";

// Public pages: server components only, no session lookups (they would make every page dynamic).
// The site name, sections and newsletters are cached reads (tags settings, sections, newsletters), so every cached page
// that shows them is expired when they change.
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const [{ siteName }, sections, newsletters] = await Promise.all([getSiteSettings(), getNavigationSections(), getActiveNewsletters()]);
  return (
    <>
      <SkipLink />
      <Masthead siteName={siteName} sections={sections} />
      {children}
      <SiteFooter siteName={siteName} newsletters={newsletters} />
    </>
  );
}
