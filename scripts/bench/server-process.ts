/**
 * The load test's server: the real app (createApp over the embedded catalog) on @hono/node-server,
 * bound to 127.0.0.1 on a free port, in its own process so that autocannon does not share its event
 * loop. It reports the port to its parent over IPC and exits when the parent disconnects.
 */

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';

const app = createApp({ catalog: embeddedCatalog });
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  process.send?.({ port: info.port });
});

process.on('disconnect', () => {
  server.close();
  process.exit(0);
});
