// @ts-check
import { fileURLToPath } from "node:url";

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Work a reverse proxy or CDN does better, and that would cost every cached page CPU here: the
  // production server (server/server.ts) sends pages uncompressed and without ETags. Compression
  // for a deployment without a proxy: NEWSROOM_COMPRESS=on (the server compresses after it has put
  // the response's nonce in; Next compressing would hide the placeholder from it).
  compress: false,
  generateEtags: false,
  // pg-boss loads its SQL plans at run time, and mjml its components and their dependencies: both run
  // from node_modules rather than from the bundle.
  serverExternalPackages: ["pg-boss", "mjml"],
  reactStrictMode: true,
  experimental: {
    // The largest request a server action accepts. A story is the largest thing sent: a body of up
    // to 200,000 characters (lib/stories/schemas.ts MAX_BODY_CHARACTERS) as rich-text JSON, in any
    // script, with the rest of the form, fits well inside 2 MB; anything bigger is refused before
    // it is parsed.
    serverActions: { bodySizeLimit: "2mb" },
  },
  // The front page lives at a dynamic segment so that it is rendered on first request and cached by
  // tag, like a story page, instead of at build time (see app/(site)/front/[edition]/page.tsx).
  async rewrites() {
    return [{ source: "/", destination: "/front/latest" }];
  },
  // Next's file-system cache, reporting its changes to the production server's page copy (and, with
  // REDIS_URL, a cache shared by every instance): see server/server-cache-handler.mjs.
  cacheHandler: fileURLToPath(new URL("./server/server-cache-handler.mjs", import.meta.url)),
  // Security headers, the Content-Security-Policy and Cache-Control are set by server/server.ts
  // (server-policy.ts), which sees every response, including those Next serves from its cache.
};

export default nextConfig;
