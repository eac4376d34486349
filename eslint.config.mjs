// ESLint: Next.js's rule set (with React, hooks, accessibility and imports) and typescript-eslint's
// recommended rules, plus the boundaries that keep the layout honest. `npm run lint`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import { databaseModules } from "./scripts/lint/database-modules.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));

/** Nothing outside app/ imports from it: routes use lib/ and components/, never the other way round. */
const APP = {
  regex: String.raw`^(@/app(/|$)|(\.\./)+app/)`,
  message: "Only app/ imports from app/: pass server actions in as props, or move shared code to lib/ or components/.",
};

/**
 * Editor-only lib modules: writes (every `mutations`), the newsroom's reads, presence, revisions,
 * the audit log's queries, and people. Public pages read through public, listings, search, feeds,
 * sitemaps, history and settings instead.
 */
const EDITOR_LIB = String.raw`^@/lib/(.+/mutations|(stories|front-page)/editor-queries|stories/presence|revisions/.+|audit/queries|users/.+)$`;

export default defineConfig([
  globalIgnores([
    ".next/**",
    ".data/**",
    ".build/**",
    "lib/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "bench/results/**",
    "prisma/migrations/**",
  ]),
  js.configs.recommended,
  ...nextVitals,
  ...nextTypeScript,
  comments.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Every eslint-disable says why, after `--` on the same line.
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
      "@eslint-community/eslint-comments/disable-enable-pair": ["error", { allowWholeFile: true }],
      // Unused names are mistakes or leftovers; a leading underscore marks one kept on purpose.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/no-unused-expressions": "error",
      // Type-only imports leave nothing behind at run time, so the boundaries below allow them.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    rules: {
      // Off, with the reason: after a sign-in or a change to one's own session (password, two-factor),
      // the newsroom loads the next page in full on purpose, so that nothing rendered for the old
      // session stays in the client router's cache.
      "@next/next/no-location-assign-relative-destination": "off",
    },
  },
  {
    files: ["components/**", "lib/**", "scripts/**", "server/**", "prisma/**", "bench/**", "instrumentation.ts", "proxy.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [APP] }] },
  },
  {
    // Components draw; they never reach the database. The modules that do are computed from the
    // imports (scripts/lint/database-modules.mjs); their types may still be imported.
    files: ["components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: databaseModules(root).map((name) => ({
            name,
            message: "This module touches the database: load the data in the page (a server component under app/) and pass it in as props.",
            allowTypeImports: true,
          })),
          patterns: [APP],
        },
      ],
    },
  },
  {
    // Reader pages carry no newsroom code: not its components, routes or editor-only lib modules.
    files: ["app/(site)/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: String.raw`^@/components/editor(/|$)`, message: "Reader pages never import newsroom components." },
            { regex: String.raw`(^|/)\(editor\)(/|$)`, message: "Reader pages never import from the newsroom's routes." },
            {
              regex: EDITOR_LIB,
              message: "An editor-only lib module: reader pages read through the public reads (public, listings, search, feeds, sitemaps, history, settings).",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests drive server actions and route handlers directly, so they may import from app/.
    files: ["tests/**", "e2e/**", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": "off" },
  },
  {
    // Reader pages ship no client-side router: a plain link needs no JavaScript and loads none.
    files: ["app/(site)/**", "components/site/**"],
    rules: { "@next/next/no-html-link-for-pages": "off" },
  },
  {
    // Playwright fixtures hand their value on through a function named `use`, which is not React's.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
]);
