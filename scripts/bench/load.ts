/**
 * The local server under load on loopback: autocannon (programmatic) against the server as `npm start`
 * runs it, in a child process, bounded by a fixed duration and connection count. Two runs: POST /v1/plans with a
 * realistic customer-facing body, and GET /healthz for what the HTTP stack alone costs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { bundleNodeEntry } from '../node-bundle.js';
import { customerFacingPlan } from './requests.js';

export interface LoadResult {
  name: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Non-2xx answers and connection errors: any of these make the run invalid. */
  failures: number;
}

/** The server exactly as `npm start` runs it (bundled, one worker per core), on a free loopback port. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const serverEntry = await bundleNodeEntry('functions/server.ts', 'dist/server/index.mjs');
  const child = spawn(process.execPath, [serverEntry], {
    env: { ...process.env, PORT: '0', PRICING_SOURCE: 'embedded' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start within 20 s')), 20_000);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with code ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function drive(name: string, options: autocannon.Options): Promise<LoadResult> {
  const r = await autocannon(options);
  return {
    name,
    connections: r.connections,
    durationSeconds: r.duration,
    requests: r['2xx'],
    requestsPerSecond: r['2xx'] / r.duration,
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    failures: r.non2xx + r.errors,
  };
}

export async function benchLoad({
  durationSeconds = 10,
  connections = 50,
}: {
  durationSeconds?: number;
  connections?: number;
} = {}): Promise<LoadResult[]> {
  const { child, url } = await startServer();
  try {
    const common = { connections, duration: durationSeconds, timeout: 10 };
    const body = JSON.stringify(customerFacingPlan);
    // Warm the server's JIT before the timed runs (a warm Lambda or a long-running server).
    await autocannon({
      ...common,
      url: `${url}/v1/plans`,
      duration: 2,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return [
      await drive('POST /v1/plans (customer-facing body)', {
        ...common,
        url: `${url}/v1/plans`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
      await drive('GET /healthz (reference)', { ...common, url: `${url}/healthz` }),
    ];
  } finally {
    await stopServer(child);
  }
}
