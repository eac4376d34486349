// Fills in deploy/nginx/newsroom.conf.template, for the tests and for anyone without envsubst:
//   NEWSROOM_UPSTREAMS="server 127.0.0.1:3000;" NEWSROOM_LISTEN=80 NEWSROOM_STATIC_DIR=$PWD/.next/static \
//   NEWSROOM_CACHE_DIR=/var/cache/nginx/newsroom node --import tsx deploy/nginx/render.ts > /etc/nginx/conf.d/newsroom.conf
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type NginxSiteValues = {
  /** `server host:port;` lines, one per web server. */
  NEWSROOM_UPSTREAMS: string;
  /** What nginx listens on: a port, or address:port. */
  NEWSROOM_LISTEN: string;
  /** The build's .next/static folder, absolute. */
  NEWSROOM_STATIC_DIR: string;
  /** Where nginx keeps cached pages (a folder its workers may write). */
  NEWSROOM_CACHE_DIR: string;
};

const TEMPLATE = fileURLToPath(new URL("./newsroom.conf.template", import.meta.url));

/** The site configuration, for nginx's http block. Only the template's four names are replaced (nginx's own $variables stay). */
export function renderNginxSite(values: NginxSiteValues): string {
  return readFileSync(TEMPLATE, "utf8").replace(/\$\{(NEWSROOM_[A-Z_]+)\}/g, (whole, name: string) => {
    const value = values[name as keyof NginxSiteValues];
    if (value === undefined) throw new Error(`deploy/nginx/newsroom.conf.template needs ${name}`);
    return value;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = ["NEWSROOM_UPSTREAMS", "NEWSROOM_LISTEN", "NEWSROOM_STATIC_DIR", "NEWSROOM_CACHE_DIR"] as const;
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length) {
    console.error(`Set ${missing.join(", ")} (see the comment at the top of deploy/nginx/newsroom.conf.template).`);
    process.exit(1);
  }
  process.stdout.write(renderNginxSite(Object.fromEntries(names.map((name) => [name, process.env[name]!])) as NginxSiteValues));
}
