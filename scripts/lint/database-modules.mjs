// Which lib/ modules touch the database: lib/db.ts, the Prisma client and the PostgreSQL drivers, and
// every lib/ module that imports one of those (values, not types), however indirectly. Computed from
// the sources each time ESLint loads its config, so a module that starts reading the database, or a
// module moved to another folder, needs no list kept by hand.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Imports that reach the database directly. */
const DATABASE_ROOTS = [/^@\/lib\/db(\/|$)/, /^@\/lib\/generated\/prisma\/client(\/|$)/, /^pg$/, /^pg-boss$/, /^@prisma\//];

// `import x from "m"`, `import { a, type B } from "m"`, `export { a } from "m"`, `import "m"`; not
// `import type` / `export type`, which leave nothing behind at run time.
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^;"']*?\s+from\s+)?["']([^"']+)["']/gm;

function sourceFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The import name ("@/lib/stories/public") of a file under the project root. */
function importName(root, file) {
  return `@/${path
    .relative(root, file)
    .split(path.sep)
    .join("/")
    .replace(/(\/index)?\.(ts|tsx|mjs|js)$/, "")}`;
}

function resolve(root, from, specifier) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

/** Import names of the lib/ modules that touch the database, sorted. */
export function databaseModules(root) {
  const files = sourceFiles(path.join(root, "lib"));
  const imports = new Map(files.map((file) => [file, [...readFileSync(file, "utf8").matchAll(IMPORT)].map((match) => match[1])]));
  const touching = new Set(files.filter((file) => imports.get(file).some((specifier) => DATABASE_ROOTS.some((pattern) => pattern.test(specifier)))));
  for (let grew = true; grew;) {
    grew = false;
    for (const file of files) {
      if (touching.has(file)) continue;
      if (imports.get(file).some((specifier) => touching.has(resolve(root, file, specifier)))) {
        touching.add(file);
        grew = true;
      }
    }
  }
  return [...touching].map((file) => importName(root, file)).sort();
}
