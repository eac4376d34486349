// Where a reader's browser fetches a rendition: /media/<file> from this site (the route checks who may
// see it), or, with MEDIA_PUBLIC_BASE_URL, from a CDN in front of the media bucket. Pure and free of
// the database so that any component may build image addresses.
//
// The one read of process.env outside lib/env.ts: components cannot import that server-only module,
// and lib/env.ts checks the same variable's shape when the server reads its settings. In a browser
// bundle the variable is absent and addresses stay on this site.

function publicBase(): string {
  const base = typeof process === "undefined" ? "" : (process.env.MEDIA_PUBLIC_BASE_URL ?? "");
  return base && !base.endsWith("/") ? `${base}/` : base;
}

/** The address of a rendition file (its content-hashed name, e.g. "3f…a9.avif"). */
export function mediaUrl(file: string): string {
  const base = publicBase();
  return base ? `${base}${encodeURIComponent(file)}` : `/media/${encodeURIComponent(file)}`;
}
