/**
 * The explorer's built assets: the committed module is exactly what scripts/build-web.ts makes
 * from web/ (so no one serves a stale page), the page stays within its weight budget, and the
 * routes serve it with the CSP nonce and long-lived caching.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildWebAssets, generatedModule, generatedModulePath, pageWeight } from '../../scripts/build-web.js';
import { app } from '../api/fixtures.js';

const PAGE_BUDGET_GZIP_BYTES = 100 * 1024;

describe('Module: lib/api/explorer/assets.generated.ts', () => {
  it('should be what npm run web:build generates from web/ (run it after editing web/)', async () => {
    const built = generatedModule(await buildWebAssets());
    expect(readFileSync(generatedModulePath, 'utf8') === built).toBe(true);
  });

  it('should keep the page (HTML, script, style) within 100 KiB gzip', async () => {
    const { gzipBytes } = pageWeight(await buildWebAssets());
    expect(gzipBytes).toBeLessThan(PAGE_BUDGET_GZIP_BYTES);
  });
});

describe('Route: GET /', () => {
  it('should serve the page with the response\u2019s CSP nonce on its script and style', async () => {
    const res = await app.request('/');
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script type="module" src="assets/explorer-`);
    expect(html.match(/nonce="([^"]+)"/g)).toEqual([`nonce="${nonce}"`, `nonce="${nonce}"`]);
    expect(csp).toContain("default-src 'none'");
    expect(html).not.toContain('__API_TARGET__');
    expect(html).toContain('<option value="eu-west-1"></option>');
  });

  it('should serve the page\u2019s assets by content hash, cached, and gzip them when asked', async () => {
    const html = await (await app.request('/')).text();
    const paths = [...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => `/${m[1]}`);
    expect(paths).toHaveLength(2);
    for (const path of paths) {
      const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-encoding')).toBe('gzip');
    }
  });

  it('should answer an unknown asset with a 404 problem', async () => {
    const res = await app.request('/assets/explorer-000000000000.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
