import type { Metadata } from "next";
import { TagPage, tagMetadata } from "./tag-page";

// Rendered on first request and then served from Next's cache until a write expires its tags.
export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return tagMetadata((await params).slug, 1);
}

export default async function Page({ params }: Props) {
  return <TagPage slug={(await params).slug} page={1} />;
}
