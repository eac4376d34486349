import type { ReactNode } from "react";
import { Masthead, SiteFooter, SkipLink } from "@/components/site/masthead";
import { getSiteSettings } from "@/lib/settings/site";
import { getNavigationSections } from "@/lib/stories/listings";
import { NO_FRAMEWORK_SCRIPTS } from "@/server/server-static-html";
import { getActiveNewsletters } from "@/lib/newsletters/lists";

// Public pages: server components only, no session lookups (they would make every page dynamic).
// The site name, sections and newsletters are cached reads (tags settings, sections, newsletters), so every cached page
// that shows them is expired when they change.
// No client components either (tests/public-pages-without-client-code.test.ts holds every module
// under this layout to that): the meta tag says so to the production server, which then sends these
// pages without Next's JavaScript (server/server-static-html.ts). The search page shares this layout.
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const [{ siteName }, sections, newsletters] = await Promise.all([getSiteSettings(), getNavigationSections(), getActiveNewsletters()]);
  return (
    <>
      <meta name={NO_FRAMEWORK_SCRIPTS.name} content={NO_FRAMEWORK_SCRIPTS.content} />
      <SkipLink />
      <Masthead siteName={siteName} sections={sections} />
      {children}
      <SiteFooter siteName={siteName} newsletters={newsletters} />
    </>
  );
}
