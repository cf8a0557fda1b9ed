import { describe, expect, it } from 'vitest';
import { app } from './fixtures.js';

describe('Route: GET /docs', () => {
  it('should be an HTML page with no assets from other hosts', async () => {
    const res = await app.request('/docs');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).toContain('openapi.json');
    expect(html.length).toBeLessThan(16_384);
  });

  it('should allow its inline script and style by the nonce of its CSP', async () => {
    const res = await app.request('/docs');

    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(csp).toContain("connect-src 'self'");
  });
});
