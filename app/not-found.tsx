import type { Metadata } from "next";
import { NotFoundHelp } from "@/components/site/not-found-help";

// The fallback 404, built ahead of time with no database (it is outside the site's layout). The
// reader's pages use app/(site)/not-found.tsx, which also lists the latest stories.
// Next marks every 404 noindex itself.
export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return <NotFoundHelp />;
}
