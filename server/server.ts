// The production web server (what `npm start` runs instead of `next start`): Next's own request
// handler inside a small Node HTTP server that
//  - tells the app who the client is (x-newsroom-client-ip, from the socket or a trusted proxy),
//  - gives every page a Content-Security-Policy with a fresh script nonce, also on pages served
//    from Next's cache (server-nonce.ts explains how),
//  - sets Cache-Control for shared caches and the security headers (server-policy.ts),
//  - sends a reader's 404 as the site's server-rendered not-found page (server-not-found.ts),
//  - answers malformed server-action bodies with 413 or 400 before Next sees them (server-action-body.ts),
//  - and on SIGTERM stops taking connections, lets requests in flight finish, then exits; the same
//    when the process that started it (the launcher) is gone.
// Run by the launcher (scripts/start.ts) as `node .build/server.mjs [--dev]` (compiled by
// scripts/launch.mjs), or as `node --import tsx server/server.ts [--dev]`.
// Environment: PORT, NEXTAUTH_SECRET, NEXTAUTH_URL, NEWSROOM_TRUST_PROXY, NEWSROOM_COMPRESS,
// NEWSROOM_LISTEN_HOST (see the README's configuration table).
import "./source-maps-off";
import { createRequire } from "node:module";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { placeholderNonce } from "./server-nonce";
import {
  BAD_PATH_PAGE,
  CLIENT_IP_HEADER,
  clientAddress,
  contentSecurityPolicy,
  forwardedHttps,
  isDecodablePath,
  parseTrustProxy,
  PRIVATE_CACHE_CONTROL,
  SECURITY_HEADERS,
} from "./server-policy";
import { RequestsInFlight } from "./server-in-flight";
import { isSearchPage, PageCache } from "./server-page-cache";
import { decorateResponse, sendKeptPage, trustedPrerenders, type ResponseOptions } from "./server-response";
import { guardActionBody, isServerActionRequest } from "./server-action-body";
import { OldAddresses, oldAddressCandidate } from "./server-old-addresses";
import { isNotFoundDocumentArea, NOT_FOUND_DOCUMENT_AREA, NotFoundDocument, notFoundDocumentPath } from "./server-not-found";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.NEWSROOM_LISTEN_HOST || undefined; // all interfaces, like `next start`
const log = (line: string) => console.log(`[server] ${line}`);

async function main() {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set (the launcher sets it; see the README).");
  const trust = parseTrustProxy(process.env.NEWSROOM_TRUST_PROXY);
  const httpsOrigin = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  const compress = ["1", "on", "true"].includes((process.env.NEWSROOM_COMPRESS ?? "").toLowerCase());

  const placeholder = placeholderNonce(secret);
  // What every render sees as the request's policy: Next takes the nonce from it.
  const renderPolicy = contentSecurityPolicy(placeholder);

  const server = http.createServer();
  const app = next({ dev, dir: ROOT, port, hostname: host ?? "localhost", httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  const prerendered = dev ? new Map<string, string>() : trustedPrerenders(path.join(ROOT, ".next"), placeholder);
  // The compression middleware Next itself bundles (the `compression` package Express uses).
  const compression = compress ? (createRequire(import.meta.url)("next/dist/compiled/compression") as () => Middleware)() : null;

  // Finished pages kept in this process (server-page-cache.ts): one process, Next's own cache only.
  const pageCache = dev || process.env.REDIS_URL || process.env.NEWSROOM_PAGE_CACHE === "off" ? null : new PageCache(64 * 1024 * 1024);
  // Rendered search pages, apart and smaller: any reader can make a new entry with a new query.
  const searchPages = pageCache ? new PageCache(8 * 1024 * 1024) : null;
  // What a cache expiry waits for before a save is acknowledged (server-in-flight.ts).
  const inFlight = new RequestsInFlight();
  // Imported stories' old addresses ("/?p=123", "/2016/12/13/slug/"): a 301, one hop (server-old-addresses.ts).
  const oldAddresses = new OldAddresses(process.env.DATABASE_URL);
  // The page a reader's 404 is sent as, asked of this server itself (server-not-found.ts).
  const notFoundPath = notFoundDocumentPath(secret);
  const notFoundDocument = dev ? null : new NotFoundDocument(() => server.address(), notFoundPath);
  const notFoundPage = notFoundDocument ? () => notFoundDocument.fetch() : undefined;

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    // Before the page cache: "/?p=123" kept as a copy of the front page must not hide an import since.
    if (oldAddressCandidate(req.method, req.url) && isDecodablePath(req.url)) {
      void oldAddresses.answer(req, res, SECURITY_HEADERS).then((answered) => answered || serveRest(req, res));
      return;
    }
    serveRest(req, res);
  };

  const serveRest = (req: IncomingMessage, res: ServerResponse) => {
    // Only this server knows the not-found page's address; any other in its folder is an unknown
    // address (the catch-all route's 404), never a render Next would keep per made-up token.
    const internal = req.url === notFoundPath;
    if (!internal && isNotFoundDocumentArea(req.url)) req.url = NOT_FOUND_DOCUMENT_AREA;
    const key = pageCache?.keyFor(req);
    const cache = key && isSearchPage(key) ? searchPages : pageCache;
    const page = key ? cache!.get(key) : undefined;
    // The most frequent request, answered before anything else runs (Next's handler included).
    if (page) return sendKeptPage(req, res, cache!, key!, page, httpsOrigin || forwardedHttps(req, trust));
    if (!isDecodablePath(req.url)) {
      res.writeHead(400, [["Content-Type", "text/html; charset=utf-8"], ["Cache-Control", PRIVATE_CACHE_CONTROL], ...SECURITY_HEADERS]);
      res.end(req.method === "HEAD" ? undefined : BAD_PATH_PAGE);
      return;
    }
    forward(req, res, key ?? undefined, cache, internal);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, key: string | undefined, cache: PageCache | null, internal: boolean) => {
    // Whatever a client sent under these names is replaced, never passed on.
    req.headers[CLIENT_IP_HEADER] = clientAddress(req, trust);
    delete req.headers["content-security-policy-report-only"];
    if (dev) delete req.headers["content-security-policy"];
    else req.headers["content-security-policy"] = renderPolicy;
    const options: ResponseOptions = { placeholder, prerendered, https: httpsOrigin || forwardedHttps(req, trust), dev };
    // The not-found page's own request is never replaced by itself.
    if (!internal) options.notFoundPage = notFoundPage;
    if (cache && key) {
      const token = cache.begin();
      const keep = cache === searchPages ? PageCache.keepableSearch : PageCache.keepable;
      options.capture = { keep, done: (status, headers, body) => cache.store(key, token, placeholder, { status, headers, body }) };
    }
    inFlight.track(req, res);
    decorateResponse(req, res, options); // reads options.capture when Next starts the response
    const run = (request: IncomingMessage) =>
      handle(request, res).catch((error: unknown) => {
        console.error("[server] unexpected error", error);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader("Content-Type", "text/plain; charset=utf-8");
        }
        res.end("Internal server error");
      });
    // A server action's body is judged before Next decodes it (server-action-body.ts): 413 or 400.
    if (isServerActionRequest(req)) guardActionBody(req, res, run);
    else void run(req);
  };
  server.on("request", compression ? (req, res) => compression(req, res, () => serve(req, res)) : serve);
  // Longer than a proxy's idle keep-alive (nginx: 60 s), so the proxy closes idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  log(`Listening on port ${port}${compress ? " (compressing responses)" : ""}.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing requests in flight, then stopping.`);
    const force = setTimeout(() => {
      log("Requests still open after 10 s; closing them.");
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(() => {
      notFoundDocument?.close();
      void Promise.all([app.close(), oldAddresses.close()]).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stop(signal));
  // The launcher stops this server and then the database. A launcher killed with SIGKILL cannot, and
  // this server would go on serving, holding the port: a parent gone means re-parented (ppid changes).
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop("The process that started this server is gone"), 500).unref();
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

main().catch((error: unknown) => {
  console.error(`[server] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
