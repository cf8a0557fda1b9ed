/**
 * How the Lambda functions are bundled: one options object that the stack hands to `NodejsFunction`
 * (which runs the locally installed esbuild, never Docker) and that `scripts/build-bundle.ts` turns
 * into the same esbuild build, so the bundle measured and tested is the bundle deployed.
 */
import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The newest Node.js runtime aws-cdk-lib offers; its major version is the esbuild target too. */
export const lambdaRuntime = Runtime.NODEJS_24_X;

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const functionEntries = {
  api: fileURLToPath(new URL('../functions/api/index.ts', import.meta.url)),
  refresh: fileURLToPath(new URL('../functions/refresh/index.ts', import.meta.url)),
} as const;

/**
 * ESM, minified, with source maps (the functions set `NODE_OPTIONS=--enable-source-maps`).
 *
 * `@aws-sdk/*` stays external: the Node.js 22 and 24 Lambda runtimes ship AWS SDK v3, and the S3 and
 * Pricing clients would more than double the bundle (about 130 KiB gzip each). Only the refresh
 * function uses them (PutObject, HeadObject, GetProducts: long-stable commands, so the runtime's SDK
 * version is safe); the API function reads snapshots with a signed fetch and imports no SDK client.
 * `@smithy/signature-v4` (the SDK's signer, for that fetch) is bundled.
 *
 * No `require` banner: no bundled dependency calls `require` (a CommonJS one would, and esbuild's
 * shim would then throw "Dynamic require of ... is not supported" in the ESM bundle). The bundle test
 * checks that the shim is absent; add `banner` with `createRequire(import.meta.url)` if it appears.
 */
export const functionBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: `node${lambdaRuntime.name.replace(/\D/g, '')}`,
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*'],
};

/**
 * The esbuild build `NodejsFunction` runs for `bundling` (its CLI flags as build options).
 *
 * @throws Error for a bundling option this mapping does not know, so the script and the stack cannot
 * silently drift apart.
 */
export function esbuildOptionsFor(
  bundling: BundlingOptions,
  { entry, outfile }: { entry: string; outfile: string },
): BuildOptions {
  const known = new Set([
    'format',
    'target',
    'minify',
    'sourceMap',
    'mainFields',
    'externalModules',
    'banner',
  ]);
  const unknown = Object.keys(bundling).filter((key) => !known.has(key));
  if (unknown.length)
    throw new Error(`esbuildOptionsFor does not map bundling option(s): ${unknown.join(', ')}`);
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    ...(bundling.format && { format: bundling.format }),
    ...(bundling.target && { target: bundling.target }),
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    ...(bundling.mainFields && { mainFields: bundling.mainFields }),
    external: bundling.externalModules ?? ['@aws-sdk/*'],
    ...(bundling.banner && { banner: { js: bundling.banner } }),
    logLevel: 'warning',
  };
}
