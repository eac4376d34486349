import type { ReactNode } from "react";
import { SearchForm } from "@/components/site/search-form";

/** What a reader who followed a dead link needs: what happened, a search box, a way home. */
export function NotFoundHelp({ children }: { children?: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="font-serif text-4xl font-bold sm:text-5xl">Page not found</h1>
      <p className="mt-4 max-w-prose text-lg text-muted">
        The page you asked for does not exist or is no longer published. Try searching for it, or start from the{" "}
        <a href="/" className="font-semibold text-ink underline underline-offset-4">
          front page
        </a>
        .
      </p>
      <div className="mt-8">
        <SearchForm id="not-found-search" name="Search for the page" size="large" />
      </div>
      {children}
    </main>
  );
}
