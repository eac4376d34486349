// What `npm start` and `npm run dev` run: compiles the launcher (scripts/start.ts), the web server
// (server/server.ts) and the first-start seed step (scripts/seed-demo.ts) to plain JavaScript in
// .build/ with esbuild, then runs the launcher in this process. Compiling once per start (a fraction of a second) means no TypeScript loader and no
// esbuild service stay resident beside the server: the launcher is a small Node process and the web
// server runs as `node .build/server.mjs`. Packages in node_modules stay imports (not bundled).
// Plain JavaScript, so it needs nothing but Node (20.9 or newer).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// esbuild's synchronous API otherwise runs in a worker thread that keeps an esbuild service process
// alive for the life of this one; without it, each call runs esbuild once and it exits.
process.env.ESBUILD_WORKER_THREADS = "0";
const { buildSync } = await import("esbuild");
delete process.env.ESBUILD_WORKER_THREADS;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = path.join(ROOT, ".build");

/** Compiles the entries, writing only files whose text changed, atomically (several starts may share .build/). */
export function compileScripts() {
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: { start: "scripts/start.ts", server: "server/server.ts", "seed-demo": "scripts/seed-demo.ts" },
    outdir: OUT,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20.9",
    write: false,
    logLevel: "warning",
  });
  mkdirSync(OUT, { recursive: true });
  for (const file of result.outputFiles) {
    let current = null;
    try {
      current = readFileSync(file.path, "utf8");
    } catch {
      // not compiled yet
    }
    if (current === file.text) continue;
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  compileScripts();
  await import(pathToFileURL(path.join(OUT, "start.mjs")).href);
}
