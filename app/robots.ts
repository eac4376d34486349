import type { MetadataRoute } from "next";
import { siteOrigin } from "@/lib/env";
import { NEWS_SITEMAP_PATH } from "@/lib/sitemaps/sitemaps";

// The origin comes from the environment at run time, not at build time.
export const dynamic = "force-dynamic";

/** robots.txt: the newsroom, previews, sign-in and the API are not for crawlers; the sitemaps are. */
export default function robots(): MetadataRoute.Robots {
  const origin = siteOrigin();
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/desk", "/preview", "/api", "/signin"] },
    sitemap: [`${origin}/sitemap.xml`, `${origin}${NEWS_SITEMAP_PATH}`],
  };
}
