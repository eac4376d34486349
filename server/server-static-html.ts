// Public pages without the framework's JavaScript.
//
// Every page Next renders carries React's runtime and the page's flight data (self.__next_f), so
// that a browser can hydrate it and navigate on the client: about 130 KB of gzip-compressed script
// on a story page. The reader's pages hold no client component (plain links, plain forms; the live
// list is the site's own small /live-updates.js), so hydration would attach nothing, and the runtime
// is weight alone. The site's layout renders NO_FRAMEWORK_SCRIPTS to promise that
// (tests/public-pages-without-client-code.test.ts fails when a client module is imported under the
// route groups that render it); the response layer (server-response.ts) then sends that page through
// withoutFrameworkScripts before it leaves or is kept in the page cache.
// A page without the marker (the newsroom, sign-in, the error page, which is a client component and
// wraps the site's layout) keeps everything.

/** The element the site's layout renders (app/(site)/layout.tsx): a meta tag, which React puts in the head. */
export const NO_FRAMEWORK_SCRIPTS = { name: "newsroom-scripts", content: "site-only" } as const;
/** That element as React writes it. */
export const NO_FRAMEWORK_SCRIPTS_MARKER = `<meta name="${NO_FRAMEWORK_SCRIPTS.name}" content="${NO_FRAMEWORK_SCRIPTS.content}"/>`;

/** React's marks of a Suspense boundary that only script completes (pending, or left to the client). */
const NEEDS_SCRIPT_TO_COMPLETE = /<!--\$[?!]-->/;

const SCRIPT_ELEMENT = /<script\b[^>]*>[\s\S]*?<\/script>/g;
const SCRIPT_PRELOAD = /<link\b(?=[^>]*\sas="script")[^>]*>|<link\b(?=[^>]*\srel="modulepreload")[^>]*>/g;

/**
 * Whether a script element stays: data blocks (JSON-LD, the live list's entries) and the site's own
 * scripts from public/. Next's are the inline ones without a type (the flight data, the bootstrap)
 * and every file under /_next/.
 */
function isSiteScript(element: string): boolean {
  const tag = element.slice(0, element.indexOf(">") + 1);
  const type = /\stype="([^"]*)"/.exec(tag)?.[1];
  if (type && type !== "module" && !/javascript|ecmascript/i.test(type)) return true;
  const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
  return src !== undefined && src.startsWith("/") && !src.startsWith("/_next/") && !src.startsWith("//");
}

/**
 * The page without Next's script elements, script preloads and flight data, and without the marker;
 * null when the page did not render the marker, or when a Suspense boundary in it still waits for
 * script (removing the scripts would leave its fallback showing), so that it is sent as it is.
 * React escapes `<` in text, attributes and the flight data, and the site's data blocks escape it
 * too (lib/stories/structured-data.ts), so the first `</script>` after a script's start is its end.
 */
export function withoutFrameworkScripts(html: string): string | null {
  if (!html.includes(NO_FRAMEWORK_SCRIPTS_MARKER) || NEEDS_SCRIPT_TO_COMPLETE.test(html)) return null;
  return html
    .replace(NO_FRAMEWORK_SCRIPTS_MARKER, "")
    .replace(SCRIPT_ELEMENT, (element) => (isSiteScript(element) ? element : ""))
    .replace(SCRIPT_PRELOAD, "");
}

/**
 * Whether the start of an HTML body already shows if it is such a page: true when the marker is in
 * it, false once the head has ended without it (a page of the newsroom), null while it cannot tell.
 */
export function promisesNoFrameworkScripts(start: string): boolean | null {
  if (start.includes(NO_FRAMEWORK_SCRIPTS_MARKER)) return true;
  return start.includes("</head>") ? false : null;
}
