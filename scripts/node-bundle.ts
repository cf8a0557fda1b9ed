/**
 * Bundle a Node entry point with esbuild, as production code runs: one ESM file, no TypeScript
 * loader in the way (tsx keeps function names by wrapping every closure, which costs a third of a
 * plan's time). `npm start` and the load benchmark run the server this way.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundle `entry` (relative to the project) into `outfile`; dependencies from node_modules stay external. */
export async function bundleNodeEntry(entry: string, outfile: string): Promise<string> {
  const out = resolve(projectRoot, outfile);
  await mkdir(dirname(out), { recursive: true });
  await build({
    entryPoints: [resolve(projectRoot, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  return out;
}
