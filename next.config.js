// @ts-check

/** Headers every response carries. The Content-Security-Policy with script nonces belongs to the
 *  hardening work; these need no per-request state. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // pg-boss loads its SQL plans at run time; it runs from node_modules rather than from the bundle.
  serverExternalPackages: ["pg-boss"],
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
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // The newsroom is never framed by anyone.
      { source: "/desk/:path*", headers: [{ key: "X-Frame-Options", value: "DENY" }] },
      { source: "/signin", headers: [{ key: "X-Frame-Options", value: "DENY" }] },
      // One-time invitation and password-reset links: never framed, cached or sent on as a referrer.
      ...["/invite/:token*", "/reset/:token*"].map((source) => ({
        source,
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cache-Control", value: "private, no-store" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      })),
      // Previews of unpublished stories stay out of search engines and shared caches.
      {
        source: "/preview/:token*",
        headers: [
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Cache-Control", value: "private, no-store" },
        ],
      },
    ];
  },
};

export default nextConfig;
