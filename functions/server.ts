/**
 * `npm start`: the API on a local port with the embedded catalog (or `PRICING_SOURCE`). No AWS
 * account or network needed for the default.
 *
 * Plans are CPU-bound, so the server runs one worker per core (node:cluster, sharing the port);
 * `WORKERS=1` runs a single process. Each worker applies the transport limits of
 * lib/api/node-server.ts (header and request deadlines, a cap on slow bodies). `PUBLIC_URL` is the
 * server listed in /openapi.json (default the relative `/`).
 */
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { createApp } from '../lib/api/index.js';
import { createNodeServer } from '../lib/api/node-server.js';
import { createCatalogSource } from '../lib/catalog/index.js';

const port = Number(process.env.PORT ?? 3000);
const workers = Number(process.env.WORKERS ?? availableParallelism());
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`WORKERS must be a positive whole number, got "${process.env.WORKERS}"`);
  process.exit(1);
}
const publicUrl = process.env.PUBLIC_URL?.trim();
if (publicUrl && !URL.canParse(publicUrl)) {
  console.error(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  process.exit(1);
}

/** A worker that cannot listen exits with this code; the primary then says why once and stops. */
const EXIT_CANNOT_LISTEN = 78;

/** One line for a port that cannot be used, naming the variable that changes it. */
function cannotListen(error: NodeJS.ErrnoException): string | undefined {
  if (error.code === 'EADDRINUSE')
    return `Port ${port} is already in use: stop what listens there, or set PORT to a free port (e.g. PORT=${port + 1} npm start).`;
  if (error.code === 'EACCES')
    return `Port ${port} needs privileges this process does not have: set PORT to a port above 1023.`;
  return undefined;
}

const announce = (listeningPort: number) =>
  console.log(
    `Planner listening on http://localhost:${listeningPort}${workers > 1 ? ` (${workers} workers)` : ''}`,
  );

if (cluster.isPrimary && workers > 1) {
  let stopping = false;
  let announced = false;
  let cannotListenMessage: string | undefined;
  cluster.on('message', (_worker, message: { cannotListen?: string }) => {
    cannotListenMessage ??= message.cannotListen;
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (_worker, address) => {
    if (!announced) announce(address.port);
    announced = true;
  });
  cluster.on('exit', (worker, code, signal) => {
    if (code === EXIT_CANNOT_LISTEN && !stopping) {
      // Every worker would fail the same way: say it once and stop instead of restarting them.
      stopping = true;
      console.error(cannotListenMessage ?? `Cannot listen on port ${port}.`);
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exit(1);
    }
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A crashed worker is replaced so the server keeps its capacity.
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    console.log(`${signal}: closing`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  const app = createApp({
    catalog: createCatalogSource({ env: process.env }),
    ...(publicUrl && { openApi: { servers: [{ url: publicUrl }] } }),
  });
  const server = createNodeServer(app.fetch).listen(port, () => {
    if (cluster.isPrimary) announce((server.address() as AddressInfo).port);
  });
  server.once('error', (error: NodeJS.ErrnoException) => {
    const message = cannotListen(error);
    if (!message) throw error;
    if (cluster.isPrimary) {
      console.error(message);
      process.exit(1);
    }
    // In a worker: hand the line to the primary, which prints it once for all workers.
    process.send?.({ cannotListen: message }, () => process.exit(EXIT_CANNOT_LISTEN));
  });
  const stop = (signal: NodeJS.Signals) => {
    if (cluster.isPrimary) console.log(`${signal}: closing`);
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; do not hang the terminal for them.
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
