/**
 * `npm start`: the API on a local port with the embedded catalog (or `PRICING_SOURCE`). No AWS
 * account or network needed for the default.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../lib/api/index.js';
import { createCatalogSource } from '../lib/catalog/index.js';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}

const app = createApp({ catalog: createCatalogSource({ env: process.env }) });
const server = serve({ fetch: app.fetch, port }, (info) => {
  console.log(`Planner listening on http://localhost:${info.port}`);
});

function shutDown(signal: NodeJS.Signals): void {
  console.log(`${signal}: closing`);
  server.close(() => process.exit(0));
  // Keep-alive connections can hold close() open; do not hang the terminal for them.
  setTimeout(() => process.exit(0), 3_000).unref();
}
process.once('SIGINT', shutDown);
process.once('SIGTERM', shutDown);
