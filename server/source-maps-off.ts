// Imported first by server.ts. tsx, which runs this server's TypeScript, turns Node's source maps on
// for every module loaded after it; Next's build puts about 20 MB of .map files beside its server
// chunks, which Node then reads and keeps in memory (as strings, tens of MB of heap) as each chunk
// loads. Off again: stack traces point into the built chunks, as under `next start`.
process.setSourceMapsEnabled(false);
