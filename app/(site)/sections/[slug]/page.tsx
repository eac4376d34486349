import type { Metadata } from "next";
import { SectionPage, sectionMetadata } from "./section-page";

// Rendered on first request and then served from Next's cache until a write expires its tags.
export const dynamicParams = true;
export const revalidate = false;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return sectionMetadata((await params).slug, 1);
}

export default async function Page({ params }: Props) {
  return <SectionPage slug={(await params).slug} page={1} />;
}
