import type { Metadata } from "next";
import { notFound } from "next/navigation";

// Any address no other route serves: a 404 drawn by app/(site)/not-found.tsx, with the site's
// masthead and the latest stories. Dynamic, so that scanners' made-up addresses are not each kept
// in the page cache; the data it shows is cached.
export const dynamic = "force-dynamic";

// Next marks every 404 noindex itself.
export const metadata: Metadata = { title: "Page not found" };

export default function UnknownAddress(): never {
  notFound();
}
