// Every server action and route handler of the app, found by reading the app/ tree rather than from a
// list: modules that start with "use server" (each export is a public POST endpoint) and route.ts
// files (each exported HTTP method is a route handler). The authorization tests call them through
// the objects returned here, which remember what was called, so that a test can fail when an
// endpoint has no row. Moving a module within app/ changes nothing here.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = fileURLToPath(new URL("../../app/", import.meta.url));
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** A "use server" directive is the module's first statement (comments before it are allowed). */
function isServerActionModule(source: string): boolean {
  const code = source.replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^["']use server["']/.test(code);
}

/** app/(site)/stories/[slug]/live.json/route.ts -> /stories/[slug]/live.json (route groups leave no trace in the address). */
function routePathOf(file: string): string {
  const segments = relative(appDir, file)
    .split(sep)
    .slice(0, -1)
    .filter((segment) => !/^\(.*\)$/.test(segment));
  return `/${segments.join("/")}`;
}

type Fn = (...args: never[]) => unknown;
export type RouteModule = Record<string, (request?: Request, context?: unknown) => Promise<Response>>;

export type AppEndpoints = {
  /** Every server action by its export name (names are unique across the app). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action has its own input and result; the rows know them
  actions: Record<string, (...args: any[]) => Promise<any>>;
  /** Every route handler module by its address, e.g. routes["/feed.xml"].GET. */
  routes: Record<string, RouteModule>;
  /** "action saveStoryAction", "route GET /feed.xml": every endpoint there is. */
  all: string[];
  /** The endpoints a test has reached through `actions` or `routes` so far. */
  called: Set<string>;
  /** Which file each endpoint came from, for messages. */
  files: Map<string, string>;
};

export async function loadAppEndpoints(): Promise<AppEndpoints> {
  const actions: Record<string, Fn> = {};
  const routes: Record<string, Record<string, Fn>> = {};
  const files = new Map<string, string>();
  for (const file of filesUnder(appDir).sort()) {
    const isRoute = /[/\\]route\.tsx?$/.test(file);
    if (!isRoute && !isServerActionModule(readFileSync(file, "utf8"))) continue;
    const exported = (await import(file)) as Record<string, unknown>;
    const shortFile = relative(join(appDir, ".."), file);
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value !== "function") continue;
      if (isRoute) {
        if (!HTTP_METHODS.has(name)) continue;
        const path = routePathOf(file);
        (routes[path] ??= {})[name] = value as Fn;
        files.set(`route ${name} ${path}`, shortFile);
      } else {
        if (actions[name]) throw new Error(`Two server actions are named ${name} (${files.get(`action ${name}`)} and ${shortFile}): name them apart`);
        actions[name] = value as Fn;
        files.set(`action ${name}`, shortFile);
      }
    }
  }

  const called = new Set<string>();
  const tracked = <T extends Record<string, unknown>>(target: T, id: (name: string) => string, what: string): T =>
    new Proxy(target, {
      get(object, name) {
        if (typeof name !== "string") return undefined;
        if (!(name in object)) throw new Error(`No ${what} ${name} in app/`);
        const key = id(name);
        if (key) called.add(key);
        return object[name];
      },
    });
  const routeObjects = Object.fromEntries(
    Object.entries(routes).map(([path, methods]) => [path, tracked(methods, (method) => `route ${method} ${path}`, `handler for ${path}:`)]),
  );
  return {
    actions: tracked(actions, (name) => `action ${name}`, "server action") as AppEndpoints["actions"],
    routes: tracked(routeObjects, () => "", "route handler module") as unknown as AppEndpoints["routes"],
    all: [...files.keys()].sort(),
    called,
    files,
  };
}
