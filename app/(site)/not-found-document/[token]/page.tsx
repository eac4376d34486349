import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { authSecret } from "@/lib/env";
import { getSiteSettings } from "@/lib/settings/site";
import { notFoundDocumentToken } from "@/server/server-not-found";
import SiteNotFound from "../../not-found";

// The reader's 404 as the production server sends it (server/server-not-found.ts explains why): the
// not-found UI in the site's layout, rendered into HTML as an ordinary page. Only the server asks for
// it, at the address with its token; at any other the page is not found. Rendered on first request
// and kept in Next's cache until a write expires the tags it read (the latest stories, the settings).
export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { token: string }[] {
  return [];
}

type Props = { params: Promise<{ token: string }> };

async function isServersToken(params: Props["params"]): Promise<boolean> {
  const [{ token }, secret] = [await params, authSecret()];
  return Boolean(secret) && token === notFoundDocumentToken(secret!);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await isServersToken(params))) notFound();
  const { siteName } = await getSiteSettings();
  return { title: `Page not found · ${siteName}`, robots: { index: false } };
}

export default async function NotFoundDocument({ params }: Props) {
  if (!(await isServersToken(params))) notFound();
  return <SiteNotFound />;
}
