// nginx for the benchmark and the recipe's tests: one worker, optionally pinned like the web server,
// with a site configuration given as text (a file server as a yardstick, or the shipped recipe,
// deploy/nginx/newsroom.conf.template).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "./embedded-postgres";
import { stopChild } from "./processes";

export const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((file) => existsSync(file));

export type RunningNginx = { url: string; dir: string; pids: () => number[]; stop: () => Promise<void> };

/** Starts nginx with `site(dir, port)` inside its http block; `pin` prefixes the command (taskset). */
export async function startNginx(site: (dir: string, port: number) => string, pin: string[] = []): Promise<RunningNginx> {
  if (!NGINX) throw new Error("nginx is not installed");
  const dir = await mkdtemp(path.join(os.tmpdir(), "newsroom-nginx-"));
  // nginx's workers run as an unprivileged user when it is started as root.
  await chmod(dir, 0o777);
  for (const sub of ["cache", "temp", "www"]) {
    await mkdir(path.join(dir, sub));
    await chmod(path.join(dir, sub), 0o777);
  }
  const port = await findFreePort(0);
  const temp = path.join(dir, "temp");
  await writeFile(
    path.join(dir, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  ${site(dir, port)}
}
`,
  );
  const [command, ...args] = [...pin, NGINX, "-p", dir, "-c", path.join(dir, "nginx.conf")];
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(path.join(dir, "error.log"), "utf8")}`);
    try {
      await fetch(`${url}/`);
      break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error("nginx did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pids = () => {
    const master = Number(readFileSync(path.join(dir, "nginx.pid"), "utf8").trim());
    const children = readFileSync(`/proc/${master}/task/${master}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return [master, ...children];
  };
  return {
    url,
    dir,
    pids,
    stop: async () => {
      await stopChild(child, 5000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
