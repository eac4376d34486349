import { startEmbeddedPostgres } from "/work/main/scripts/lib/embedded-postgres";
const pg = await startEmbeddedPostgres({ dataDir: "/tmp/pgdev", port: 55432 });
console.log(pg.url("postgres"));
process.on("SIGTERM", async () => { await pg.stop(); process.exit(0); });
setInterval(() => {}, 1000);
