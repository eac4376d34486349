import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { pageFromSegment } from "@/lib/stories/listings";
import { TagPage, tagMetadata } from "../../tag-page";

export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { slug: string; n: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string; n: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, n } = await params;
  return tagMetadata(slug, pageFromSegment(n) ?? 0);
}

export default async function Page({ params }: Props) {
  const { slug, n } = await params;
  const page = pageFromSegment(n);
  if (page === null) notFound();
  // Page 1 has one address, the tag's own.
  if (page === 1) permanentRedirect(`/tags/${slug}`);
  return <TagPage slug={slug} page={page} />;
}
