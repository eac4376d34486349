import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { pageFromSegment } from "@/lib/stories/listings";
import { AuthorPage, authorMetadata } from "../../author-page";

export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { slug: string; n: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string; n: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, n } = await params;
  return authorMetadata(slug, pageFromSegment(n) ?? 0);
}

export default async function Page({ params }: Props) {
  const { slug, n } = await params;
  const page = pageFromSegment(n);
  if (page === null) notFound();
  // Page 1 has one address, the author page's own.
  if (page === 1) permanentRedirect(`/authors/${slug}`);
  return <AuthorPage slug={slug} page={page} />;
}
