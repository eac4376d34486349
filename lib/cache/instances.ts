import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";
import { expireTagsHere } from "@/lib/cache/expire-here";

// Every web server using the same database hears of every other one's cache expiries, over
// PostgreSQL's LISTEN/NOTIFY. Without a shared cache (REDIS_URL) each instance keeps its own copies
// of pages, so an expiry made on one must reach all of them; with Redis the shared entries are
// expired by the writer, and the others still refuse what their own renders in progress read before
// the write (server/server-cache-handler.mjs). Each instance answers "done" once its expiry is
// complete, and the writer waits for every instance it can see before the save is acknowledged.
//
// Who the instances are is what PostgreSQL itself knows: each one's listening connection is named
// `newsroom-web <id>` (application_name), so pg_stat_activity lists exactly the live ones; a server
// that dies loses its connection and drops off the list, with no heartbeat row to clean up.

const CHANNEL = "newsroom_cache";
const NAME_PREFIX = "newsroom-web ";
/** NOTIFY payloads must stay under 8000 bytes; larger lists of tags go as several messages. */
const MAX_PAYLOAD_BYTES = 7000;
/**
 * Longest a writer waits for another instance to confirm; past it the save stands and a warning is
 * logged. Above the longest an instance waits for its own renders in progress (server/server-in-flight.ts).
 */
const CONFIRM_TIMEOUT_MS = 12_000;
const RECONNECT_DELAY_MS = 1000;

type Message =
  { kind: "expire"; id: string; from: string; tags: string[]; cache: string } | { kind: "done"; id: string; from: string } | { kind: "hello"; from: string };

type Waiting = { pending: Set<string>; resolve: () => void };

type Bus = {
  id: string;
  client: pg.Client | null;
  started: boolean;
  waiting: Map<string, Waiting>;
  warnedAbout: Set<string>;
};

// One per process: instrumentation starts it, server actions and route handlers (other bundles) use it.
const scope = globalThis as unknown as { newsroomInstanceBus?: Bus };
const bus: Bus = (scope.newsroomInstanceBus ??= { id: randomUUID(), client: null, started: false, waiting: new Map(), warnedAbout: new Set() });

const warn = (line: string) => console.warn(`[cache] ${line}`);

/**
 * Which shared cache this instance uses ("" for none), without the password: an instance that hears
 * of an expiry from one using the same Redis leaves the shared entries to it.
 */
function sharedCache(): string {
  const url = env().REDIS_URL;
  if (!url) return "";
  const { host, pathname } = new URL(url);
  return `${host}${pathname}`;
}

const NO_SHARED_CACHE =
  "There is no shared cache (REDIS_URL), so each server renders and keeps its own copies of pages; expiries reach every server over PostgreSQL notifications. Set REDIS_URL on every server to share one cache.";

/** Ids of the other instances listening on this database now. */
async function otherInstances(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT application_name AS name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1 AND pid <> pg_backend_pid()",
    [`${NAME_PREFIX}%`],
  );
  return rows.map((row) => row.name.slice(NAME_PREFIX.length)).filter((id) => id !== bus.id);
}

async function notify(client: pg.Client, message: Message): Promise<void> {
  await client.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(message)]);
}

function parse(payload: string | undefined): Message | null {
  try {
    const message = JSON.parse(payload ?? "") as Message;
    return message && typeof message.from === "string" ? message : null;
  } catch {
    return null;
  }
}

async function onMessage(client: pg.Client, message: Message): Promise<void> {
  if (message.from === bus.id) return;
  if (message.kind === "expire" && Array.isArray(message.tags)) {
    // A writer on the same Redis expired the shared entries itself; this instance expires what is its own.
    const mine = sharedCache();
    await expireTagsHere(message.tags, { shared: !mine || message.cache !== mine });
    await notify(client, { kind: "done", id: message.id, from: bus.id });
  } else if (message.kind === "done") {
    const waiting = bus.waiting.get(message.id);
    waiting?.pending.delete(message.from);
    if (waiting && waiting.pending.size === 0) waiting.resolve();
  } else if (message.kind === "hello" && !env().REDIS_URL && !bus.warnedAbout.has(message.from)) {
    bus.warnedAbout.add(message.from);
    warn(`Another web server started on this database. ${NO_SHARED_CACHE}`);
  }
}

async function connect(firstTime: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: `${NAME_PREFIX}${bus.id}` });
  client.on("notification", (notification) => {
    const message = parse(notification.payload);
    if (message) void onMessage(client, message).catch((error: unknown) => warn(`Could not act on another server's cache expiry: ${String(error)}`));
  });
  client.on("error", (error) => {
    warn(`Lost the connection that hears other servers' cache expiries (${error.message}); reconnecting.`);
    if (bus.client === client) bus.client = null;
    void client.end().catch(() => {});
    reconnect();
  });
  await client.connect();
  await client.query(`LISTEN ${CHANNEL}`);
  bus.client = client;
  const others = await otherInstances(client);
  for (const id of others) bus.warnedAbout.add(id);
  if (others.length && !env().REDIS_URL) {
    warn(`${others.length} other web ${others.length === 1 ? "server uses" : "servers use"} this database. ${NO_SHARED_CACHE}`);
  }
  await notify(client, { kind: "hello", from: bus.id });
  // Expiries sent while this connection was down were never heard: nothing cached here can be trusted.
  if (!firstTime) await expireTagsHere([], { everything: true, shared: false });
}

function reconnect(): void {
  setTimeout(() => {
    connect(false).catch((error: unknown) => {
      warn(`Could not reconnect to hear other servers' cache expiries (${error instanceof Error ? error.message : String(error)}); trying again.`);
      reconnect();
    });
  }, RECONNECT_DELAY_MS).unref();
}

/** Starts listening for other instances' expiries (and warns when there are others but no shared cache). Idempotent. */
export async function startInstanceBus(): Promise<void> {
  if (bus.started) return;
  bus.started = true;
  try {
    await connect(true);
  } catch (error) {
    warn(`Could not listen for other servers' cache expiries (${error instanceof Error ? error.message : String(error)}); trying again.`);
    reconnect();
  }
}

/** Splits tags into lists whose messages fit in one notification each. */
function batches(tags: string[]): string[][] {
  const out: string[][] = [[]];
  let bytes = 0;
  for (const tag of tags) {
    const size = Buffer.byteLength(tag) + 3;
    if (bytes + size > MAX_PAYLOAD_BYTES && out[out.length - 1].length) {
      out.push([]);
      bytes = 0;
    }
    out[out.length - 1].push(tag);
    bytes += size;
  }
  return out;
}

async function tellAndWait(client: pg.Client, tags: string[], others: string[]): Promise<void> {
  const id = randomUUID();
  let timer: NodeJS.Timeout | undefined;
  const confirmed = new Promise<boolean>((resolve) => {
    bus.waiting.set(id, { pending: new Set(others), resolve: () => resolve(true) });
    timer = setTimeout(() => resolve(false), CONFIRM_TIMEOUT_MS);
  });
  try {
    await notify(client, { kind: "expire", id, from: bus.id, tags, cache: sharedCache() });
    if (!(await confirmed)) {
      const missing = [...(bus.waiting.get(id)?.pending ?? [])];
      warn(
        `${missing.length} other web ${missing.length === 1 ? "server" : "servers"} did not confirm a cache expiry within ${CONFIRM_TIMEOUT_MS / 1000} s; readers there may see the old page until they do.`,
      );
    }
  } finally {
    clearTimeout(timer);
    bus.waiting.delete(id);
  }
}

/**
 * Tells every other instance on this database to expire the tags, and waits until each has
 * confirmed (or CONFIRM_TIMEOUT_MS passed). Never throws: the write is committed and stands.
 */
export async function tellOtherInstances(tags: string[]): Promise<void> {
  const client = bus.client;
  if (!client || tags.length === 0) return;
  try {
    const others = await otherInstances(client);
    if (others.length === 0) return;
    await Promise.all(batches(tags).map((batch) => tellAndWait(client, batch, others)));
  } catch (error) {
    warn(`Could not tell the other web servers of a cache expiry (${error instanceof Error ? error.message : String(error)}).`);
  }
}
