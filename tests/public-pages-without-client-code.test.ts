// The reader's pages leave the production server without Next's JavaScript (server/server-static-html.ts)
// because the site's layout promises that nothing under it needs hydrating. This holds the promise:
// no module that a page of those route groups can render (followed through every import, from the
// root layout down) is a client component, or imports one. A client component there would draw on
// the server and then never run in the browser.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The route groups whose layout renders NO_FRAMEWORK_SCRIPTS, and what else every page of theirs renders. */
const PROMISED_GROUPS = ["app/(site)", "app/(search)"];
const ALSO_RENDERED = ["app/layout.tsx", "components/site"];

/** Next's own modules that are client components (their files do not say so at the top). */
const CLIENT_ENTRY_POINTS = new Set(["next/link", "next/image", "next/script", "next/form", "next/dynamic", "next/error"]);

const SOURCE = /\.(ts|tsx|js|mjs)$/;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** Whether a module's first statement (after comments) is the "use client" directive. */
function isClientModule(source: string): boolean {
  const code = source.replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^["']use client["']/.test(code);
}

/** What a module imports at run time: `import type` and `export type` are erased, so they do not count. */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
    if (!match[1]) specifiers.push(match[2]);
  }
  for (const match of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

function resolveLocal(root: string, from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? join(root, specifier.slice(2)) : join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}.mjs`, join(base, "index.ts"), join(base, "index.tsx")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Every client module reachable from `entries`, each with the chain of imports that reaches it. */
function clientModulesReachable(root: string, entries: string[]): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file) || !SOURCE.test(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    const here = [...chain, relative(root, file)];
    if (isClientModule(source)) found.push(here.join(" -> "));
    for (const specifier of importsOf(source)) {
      if (specifier.startsWith(".") || specifier.startsWith("@/")) {
        const target = resolveLocal(root, file, specifier);
        if (target) visit(target, here);
        else found.push(`${here.join(" -> ")} -> ${specifier} (not found: cannot be checked)`);
      } else if (CLIENT_ENTRY_POINTS.has(specifier)) {
        found.push(`${here.join(" -> ")} -> ${specifier}`);
      } else if (!specifier.startsWith("node:")) {
        // A package whose entry says "use client" at the top is a client component as well.
        let resolved: string | null = null;
        try {
          resolved = createRequire(file).resolve(specifier);
        } catch {
          // ESM-only or type-only packages: nothing to read at this address
        }
        if (resolved && SOURCE.test(resolved) && isClientModule(readFileSync(resolved, "utf8"))) found.push(`${here.join(" -> ")} -> ${specifier}`);
      }
    }
  };
  for (const entry of entries) for (const file of filesUnder(join(root, entry))) visit(file, []);
  return found;
}

describe("the reader's pages", () => {
  it("render no client component, through any chain of imports", () => {
    expect(clientModulesReachable(ROOT, [...PROMISED_GROUPS, ...ALSO_RENDERED])).toEqual([]);
  });

  it("are exactly the route groups whose layout tells the server so", () => {
    const layouts = filesUnder(join(ROOT, "app")).filter((file) => /\/layout\.tsx$/.test(file));
    const marking = layouts
      .filter((file) => {
        const source = readFileSync(file, "utf8");
        // Directly, or by re-exporting a promised group's layout.
        return source.includes("NO_FRAMEWORK_SCRIPTS") || /export \{ default \} from "\.\.\/\(site\)\/layout"/.test(source);
      })
      .map((file) => dirname(relative(ROOT, file)));
    expect(marking.sort()).toEqual([...PROMISED_GROUPS].sort());
  });

  it("would be caught importing a client component, or Next's client-only link", () => {
    const root = mkdtempSync(join(tmpdir(), "client-code-"));
    mkdirSync(join(root, "app", "(site)"), { recursive: true });
    mkdirSync(join(root, "components", "ui"), { recursive: true });
    writeFileSync(
      join(root, "app", "(site)", "page.tsx"),
      'import type { X } from "@/components/ui/typed";\nimport { Menu } from "@/components/ui/menu";\nexport default Menu;\n',
    );
    writeFileSync(join(root, "components", "ui", "typed.ts"), '"use client";\nexport type X = 1;\n');
    writeFileSync(join(root, "components", "ui", "menu.tsx"), '// A menu.\n"use client";\nimport Link from "next/link";\nexport const Menu = Link;\n');
    expect(clientModulesReachable(root, ["app/(site)"])).toEqual([
      "app/(site)/page.tsx -> components/ui/menu.tsx",
      "app/(site)/page.tsx -> components/ui/menu.tsx -> next/link",
    ]);
  });
});
