import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { findOldAddressTarget } from "@/lib/import/old-addresses";

// Any address no other route serves: an old site's address of an imported story (a WordPress
// permalink) redirects to it permanently, in one hop; anything else is a 404 drawn by
// app/(site)/not-found.tsx, with the site's masthead and the latest stories. Dynamic, so that
// scanners' made-up addresses are not each kept in the page cache; the data it shows is cached.
export const dynamic = "force-dynamic";

// Next marks every 404 noindex itself.
export const metadata: Metadata = { title: "Page not found" };

export default async function UnknownAddress({ params }: { params: Promise<{ missing: string[] }> }): Promise<never> {
  const { missing } = await params;
  const target = await findOldAddressTarget(`/${missing.join("/")}`);
  if (target) permanentRedirect(`/stories/${target}`);
  notFound();
}
