// Every cache tag the public site uses, built in one place so that readers and writers agree.
export const cacheTags = {
  story: (slug: string) => `story:${slug}`,
  section: (slug: string) => `section:${slug}`,
  /** A tag's listing pages and feed. */
  tag: (slug: string) => `tag:${slug}`,
  /** A staff member's author page and feed, by user id (stable across renames). */
  author: (userId: string) => `author:${userId}`,
  frontPage: "front-page",
  /** The list of sections in the masthead's navigation, on every public page. */
  sections: "sections",
  feeds: "feeds",
  sitemaps: "sitemaps",
  /** Cached search results over published stories. */
  search: "search",
  /** The site-wide corrections page and its feed. */
  corrections: "corrections",
  settings: "settings",
  /** The newsletters readers can choose from (the /newsletters page and the sign-up forms). */
  newsletters: "newsletters",
} as const;
