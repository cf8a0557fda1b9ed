/**
 * The Lambda bundle: gzip size, and a fresh process importing it and answering its first plan,
 * against a bare Hono handler built the same way in the same run. The bundling belongs to the
 * deployment work: scripts/build-bundle.ts builds with the stack's shared esbuild options, and this
 * section only calls it. Until that script exists the section skips with a message.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type BundleResult =
  | { skipped: string }
  | { rows: BundleRow[]; coldStartRatio: number; processRatio: number };

export interface BundleRow {
  name: string;
  gzipBytes: number;
  /** Median over fresh processes: import of the bundle plus the first event, ms. */
  importAndFirstEventMs: number;
  /** Median over fresh processes: process spawn to the first answer (Node's start-up included), ms. */
  processMs: number;
  runs: number;
}

interface ColdStart {
  processMs: number;
  importAndFirstEventMs: number;
}

/** What the bench uses of scripts/build-bundle.ts (imported by path, so a missing file is not a compile error). */
interface BuildBundleModule {
  buildBundle(options: { outdir: string; entry?: string }): Promise<{ file: string; gzipBytes: number }>;
  coldStart(file: string, event: unknown, runs?: number): ColdStart | Promise<ColdStart>;
  httpApiEvent(method: string, path: string, body?: unknown): unknown;
  planRequest: unknown;
  bareHandlerSource?: string;
}

const buildBundleScript = fileURLToPath(new URL('../build-bundle.ts', import.meta.url));
export const BUNDLE_UNAVAILABLE = 'bundle not available: run after the deployment work lands';

/** The reference: the smallest Hono Lambda handler (the same one scripts/build-bundle.ts compares with). */
const bareHandlerFallback = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const app = new Hono();
app.get('/', (c) => c.json({ ok: true }));
export const handler = handle(app);
`;

export async function benchBundle({ runs = 7 }: { runs?: number } = {}): Promise<BundleResult> {
  if (!existsSync(buildBundleScript)) return { skipped: BUNDLE_UNAVAILABLE };
  let bundler: BuildBundleModule;
  try {
    bundler = (await import(pathToFileURL(buildBundleScript).href)) as BuildBundleModule;
  } catch (error) {
    return {
      skipped: `${BUNDLE_UNAVAILABLE} (scripts/build-bundle.ts does not load: ${(error as Error).message})`,
    };
  }
  // Inside the project (dist/ is ignored by git) so the bare entry resolves hono from node_modules.
  const outdir = fileURLToPath(new URL('../../dist/bench-bundle/', import.meta.url));
  try {
    const api = await bundler.buildBundle({ outdir: join(outdir, 'api') });
    const bareEntry = join(outdir, 'bare-hono.ts');
    await mkdir(outdir, { recursive: true });
    await writeFile(bareEntry, bundler.bareHandlerSource ?? bareHandlerFallback);
    const bare = await bundler.buildBundle({ outdir: join(outdir, 'bare-hono'), entry: bareEntry });
    const apiCold = await bundler.coldStart(
      api.file,
      bundler.httpApiEvent('POST', '/v1/plans', bundler.planRequest),
      runs,
    );
    const bareCold = await bundler.coldStart(bare.file, bundler.httpApiEvent('GET', '/'), runs);
    const figures = [apiCold.importAndFirstEventMs, apiCold.processMs, bareCold.importAndFirstEventMs];
    if (!figures.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return { skipped: 'scripts/build-bundle.ts coldStart() no longer returns the figures the bench reads' };
    }
    const rows: BundleRow[] = [
      { name: 'API function: import + first POST /v1/plans', gzipBytes: api.gzipBytes, ...apiCold, runs },
      { name: 'bare Hono handler: import + first GET /', gzipBytes: bare.gzipBytes, ...bareCold, runs },
    ];
    return {
      rows,
      coldStartRatio: apiCold.importAndFirstEventMs / bareCold.importAndFirstEventMs,
      processRatio: apiCold.processMs / bareCold.processMs,
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
