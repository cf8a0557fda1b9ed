/**
 * GET /: the plan explorer page (web/, built into assets.generated.ts by scripts/build-web.ts), and
 * GET /assets/<name>: its script and style, named by content hash and cached for a year.
 *
 * The page is imported on its first request, not when the app starts, so an API cold start does
 * not evaluate it. It calls the same JSON API with relative URLs, so it works under any base path.
 */
import type { Context, Hono } from 'hono';
import { compress } from 'hono/compress';
import { catalogRegions } from '../../catalog/regions.js';
import { httpProblem, problemResponse } from '../problems.js';

export interface ExplorerOptions {
  /**
   * Where the page's API calls really go when a local proxy (`planner ui --url`) forwards them:
   * shown in "copy as curl" as a SigV4-signed command.
   */
  apiTarget?: { url: string; region: string };
}

const loadAssets = () => import('./assets.generated.js');

const escapeAttribute = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The page with this response's CSP nonce on its script and style, and the catalog's regions. */
export async function explorerPage(nonce: string, { apiTarget }: ExplorerOptions = {}): Promise<string> {
  const { explorerHtml } = await loadAssets();
  // Filled in here rather than bundled into the page, so the page does not go stale when the
  // catalog gains a region.
  const regionOptions = catalogRegions.map((r) => `<option value="${escapeAttribute(r)}"></option>`).join('');
  return explorerHtml
    .replaceAll('__NONCE__', escapeAttribute(nonce))
    .replace('__REGION_OPTIONS__', regionOptions)
    .replace('__API_TARGET__', apiTarget ? escapeAttribute(JSON.stringify(apiTarget)) : '');
}

/**
 * Adds the explorer's routes to `app`. The app must set the CSP with `secureHeaders` and a nonce
 * (see contentSecurityPolicy in ../content-security.js).
 *
 * @example
 * registerExplorer(app);
 * registerExplorer(proxyApp, { apiTarget: { url: 'https://abc.execute-api.eu-west-1.amazonaws.com', region: 'eu-west-1' } });
 */
// biome-ignore lint/suspicious/noExplicitAny: any app's Env; the routes only read the nonce variable.
export function registerExplorer(app: Hono<any>, options: ExplorerOptions = {}): void {
  const nonceOf = (c: Context) => (c.get('secureHeadersNonce') as string | undefined) ?? '';
  app.use('/assets/*', compress());
  app.get('/', compress(), async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(await explorerPage(nonceOf(c), options));
  });
  app.get('/assets/:name', async (c) => {
    const { explorerAssets } = await loadAssets();
    const asset = explorerAssets[c.req.param('name')];
    if (!asset) return problemResponse(c, httpProblem(404, `No asset ${c.req.param('name')}.`));
    return c.body(asset.body, 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
}
