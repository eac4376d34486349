// Server-action requests are checked before Next decodes them. Next answers a body it cannot decode
// (too large, not UTF-8, not JSON, nested past what its decoder handles) with HTTP 200 and an error
// digest, or a 500: to a client, a prober or a proxy that looks like success or like a fault of
// ours. Here such a body gets 413 (too large) or 400 (malformed), with a short plain-text reason,
// and Next never sees it. A body that passes is handed to Next unchanged.
import { IncomingMessage, type ServerResponse } from "node:http";

/** The same limit as next.config.js's serverActions.bodySizeLimit. */
export const ACTION_BODY_LIMIT = 2 * 1024 * 1024;
/** Deeper than any argument the app's actions take (a story is about six levels deep). */
export const ACTION_MAX_DEPTH = 64;

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 413; reason: string };

/** How deeply a JSON text nests, counted without parsing it (so a hostile depth costs no stack). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
    else if (c === "]" || c === "}") depth--;
  }
  return deepest;
}

/**
 * Judges a server action's body. Forms posted without JavaScript arrive as multipart or urlencoded
 * and are only held to the size limit; what Next's client sends (the arguments as JSON, as text) must
 * also be UTF-8 and JSON, and not absurdly deep.
 */
export function judgeActionBody(contentType: string | undefined, body: Buffer): BodyVerdict {
  if (body.length > ACTION_BODY_LIMIT) return { ok: false, status: 413, reason: "Request body too large (the limit is 2 MB)." };
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") return { ok: true };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { ok: false, status: 400, reason: "Request body is not valid UTF-8." };
  }
  if (nestingDepth(text) > ACTION_MAX_DEPTH) return { ok: false, status: 400, reason: "Request body is nested too deeply." };
  try {
    JSON.parse(text);
  } catch {
    return { ok: false, status: 400, reason: "Request body is not valid JSON." };
  }
  return { ok: true };
}

function refuse(res: ServerResponse, verdict: Extract<BodyVerdict, { ok: false }>) {
  res.statusCode = verdict.status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("Connection", "close");
  res.end(verdict.reason);
}

export const isServerActionRequest = (req: IncomingMessage) => req.method === "POST" && typeof req.headers["next-action"] === "string";

/**
 * Reads a server action's body, judges it, and either answers the refusal or calls `next` with a
 * request that replays the same bytes to whoever reads it (Next). A declared length over the limit is
 * refused before anything is read.
 */
export function guardActionBody(req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage) => void): void {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > ACTION_BODY_LIMIT) {
    refuse(res, { ok: false, status: 413, reason: "Request body too large (the limit is 2 MB)." });
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on("data", (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > ACTION_BODY_LIMIT) {
      refused = true;
      refuse(res, { ok: false, status: 413, reason: "Request body too large (the limit is 2 MB)." });
      return;
    }
    chunks.push(chunk);
  });
  req.on("error", () => res.destroy());
  req.on("end", () => {
    if (refused) return;
    const body = Buffer.concat(chunks);
    const verdict = judgeActionBody(req.headers["content-type"], body);
    if (!verdict.ok) return refuse(res, verdict);
    // The same request with its body not yet read, for Next.
    const replay = new IncomingMessage(req.socket);
    replay.method = req.method;
    replay.url = req.url;
    replay.httpVersionMajor = req.httpVersionMajor;
    replay.httpVersionMinor = req.httpVersionMinor;
    replay.httpVersion = req.httpVersion;
    replay.headers = req.headers;
    replay.rawHeaders = req.rawHeaders;
    replay.push(body);
    replay.push(null);
    replay.complete = true;
    next(replay);
  });
}
