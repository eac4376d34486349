import Link from "next/link";

export function Masthead({ siteName }: { siteName: string }) {
  return (
    <header className="border-b border-rule">
      <div className="mx-auto flex max-w-5xl items-baseline justify-between px-4 py-5">
        <Link href="/" className="font-serif text-3xl font-bold tracking-tight">
          {siteName}
        </Link>
      </div>
    </header>
  );
}

export function SkipLink() {
  return (
    <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:bg-paper focus:p-2">
      Skip to content
    </a>
  );
}
