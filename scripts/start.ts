/**
 * `npm start`: bundle the local server (functions/server.ts) and run it with plain Node, passing on
 * PORT, PRICING_SOURCE and the stop signals.
 */
import { spawn } from 'node:child_process';
import { bundleNodeEntry } from './node-bundle.js';

const server = await bundleNodeEntry('functions/server.ts', 'dist/server/index.mjs');
const child = spawn(process.execPath, ['--enable-source-maps', server], {
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
