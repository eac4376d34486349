// Every cache tag the public site uses, built in one place so that readers and writers agree.
export const cacheTags = {
  story: (slug: string) => `story:${slug}`,
  section: (slug: string) => `section:${slug}`,
  frontPage: "front-page",
  feeds: "feeds",
  sitemaps: "sitemaps",
  /** The site-wide corrections page and its feed. */
  corrections: "corrections",
  settings: "settings",
} as const;
