/**
 * GET /docs renders in a real browser with no internet: headless Chromium (Debian's package) loads
 * the page from a local server with every other host unresolvable, and the operations the page's
 * script builds from /openapi.json are in the rendered DOM. Skipped, saying so, where Chromium is not installed
 * (.ci/run installs it).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { app } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

const hasChromium = existsSync(CHROMIUM);

describe('Docs page in headless Chromium (offline)', () => {
  let server: ReturnType<typeof serve> | undefined;
  let port = 0;

  beforeEach((ctx) => {
    if (!hasChromium) ctx.skip(`${CHROMIUM} not found (Debian package chromium; .ci/run installs it)`);
  });

  beforeAll(async () => {
    if (!hasChromium) return;
    const listening = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    server = listening;
    await new Promise<void>((resolve) => listening.once('listening', () => resolve()));
    port = (listening.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('should render every operation from the OpenAPI document', async () => {
    const { stdout } = await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
        '--virtual-time-budget=5000',
        '--dump-dom',
        `http://127.0.0.1:${port}/docs`,
      ],
      { timeout: 30_000, maxBuffer: 8 * 1024 * 1024 },
    );

    // The static page has none of these: the inline script fetched /openapi.json and built them.
    for (const summary of [
      'Recommend hardware and a deployment tier',
      'Estimate one workload on given hardware',
      'List priced instances in a region',
    ]) {
      expect(stdout).toContain(summary);
    }
    expect(stdout).toContain('/v1/plans');
  }, 40_000);
});
