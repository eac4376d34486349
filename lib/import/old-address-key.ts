// How an address on an old site is keyed in the redirect table (PathRedirect.path), the same way when
// the import stores it and when the public site looks a request up: the path percent-decoded, without
// a trailing slash, and of the query only WordPress's ?p= and ?page_id= (a post's or page's id). No
// database and no server-only import: the production server (server/server-old-addresses.ts) uses it too.

import { withoutUnstorable } from "../text/storable";

const ID_KEYS = ["p", "page_id"] as const;

const decoded = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

/** The key of a path and query ("/2016/12/13/slug/", "" -> "/2016/12/13/slug"; "/", "?p=12" -> "/?p=12"), or null for the bare front page and for a path no stored key can hold. */
export function oldAddressKey(pathname: string, search: string): string | null {
  const params = new URLSearchParams(search);
  const id = ID_KEYS.map((key) => [key, params.get(key)] as const).find(([, value]) => value && /^\d{1,19}$/.test(value));
  const path = decoded(pathname).replace(/\/+$/, "") || "/";
  // A character no stored key can hold (a NUL, a lone surrogate: "/a%00b") means no old address: the
  // database would refuse to compare it, and the request is a plain 404.
  if (withoutUnstorable(path) !== path) return null;
  if (id) return `${path === "/" ? "" : path}/?${id[0]}=${id[1]}`;
  return path === "/" ? null : path;
}

/** The key of an absolute or site-relative address, or null. */
export function oldAddressKeyOf(address: string, base: string): string | null {
  try {
    const url = new URL(address, base || "http://old.invalid/");
    return oldAddressKey(url.pathname, url.search);
  } catch {
    return null;
  }
}
