/**
 * How the Lambda functions are bundled: one options object that the stack hands to `NodejsFunction`
 * (which runs the locally installed esbuild, never Docker) and that `scripts/build-bundle.ts` turns
 * into the same esbuild build, so the bundle measured and tested is the bundle deployed.
 */
import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The newest Node.js runtime aws-cdk-lib offers; its major version is the esbuild target too. */
export const lambdaRuntime = Runtime.NODEJS_24_X;

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const functionEntries = {
  api: fileURLToPath(new URL('../functions/api/index.ts', import.meta.url)),
  refresh: fileURLToPath(new URL('../functions/refresh/index.ts', import.meta.url)),
} as const;

/** Defines `require` for CommonJS dependencies in the ESM bundle (the X-Ray SDK needs it). */
const requireBanner =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export interface FunctionBundlingOptions {
  /**
   * Bundle the AWS SDK (the refresh function: the locked version from package-lock.json, not
   * whichever version the Lambda runtime ships that day). Default false: `@aws-sdk/*` stays external,
   * which costs nothing for the API function, which imports no SDK client.
   * @default false
   */
  bundleSdk?: boolean;
  /**
   * Compile X-Ray tracing in (the `tracing` stage option). `process.env.PLANNER_TRACING` becomes a
   * constant, so an untraced bundle drops the Powertools tracer and the X-Ray SDK altogether.
   * @default false
   */
  tracing?: boolean;
}

/**
 * ESM, minified, with a source map beside the bundle that the bundle does not link: Node would read
 * and parse a linked map (2 MB for the API function) at every cold start, while
 * lib/observability/stack-traces.ts maps stack frames with it only when one is formatted. No
 * `sourcesContent`: frames need file, line and name, not the sources (the map is a third the size).
 *
 * The API function reads snapshots with a signed fetch and imports no SDK client;
 * `@smithy/signature-v4` (the SDK's signer) is bundled. The refresh function bundles its S3 and
 * Pricing clients (about 130 KiB gzip each) so that it runs the versions the lock file and the tests
 * name.
 *
 * No `require` banner unless tracing: no other bundled dependency calls `require` on a Node builtin
 * (a CommonJS one would, and esbuild's shim would then throw "Dynamic require of ... is not
 * supported" in the ESM bundle). The bundle tests check that the shim is absent where there is no
 * banner.
 */
export function bundlingFor({
  bundleSdk = false,
  tracing = false,
}: FunctionBundlingOptions = {}): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: `node${lambdaRuntime.name.replace(/\D/g, '')}`,
    minify: true,
    sourceMap: true,
    sourceMapMode: SourceMapMode.EXTERNAL,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    externalModules: bundleSdk ? [] : ['@aws-sdk/*'],
    define: { 'process.env.PLANNER_TRACING': JSON.stringify(String(tracing)) },
    ...(tracing && { banner: requireBanner }),
  };
}

/** The API function's bundling, untraced: what scripts/build-bundle.ts builds and measures. */
export const functionBundling: BundlingOptions = bundlingFor();

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
    'sourceMapMode',
    'sourcesContent',
    'mainFields',
    'externalModules',
    'define',
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
    sourcemap: bundling.sourceMap ? sourcemapOf(bundling.sourceMapMode) : false,
    ...(bundling.sourcesContent !== undefined && { sourcesContent: bundling.sourcesContent }),
    ...(bundling.mainFields && { mainFields: bundling.mainFields }),
    external: bundling.externalModules ?? ['@aws-sdk/*'],
    ...(bundling.define && { define: bundling.define }),
    ...(bundling.banner && { banner: { js: bundling.banner } }),
    logLevel: 'warning',
  };
}

/** NodejsFunction's `--sourcemap[=mode]`: the default mode is a linked map. */
function sourcemapOf(mode: SourceMapMode | undefined): BuildOptions['sourcemap'] {
  if (mode === undefined || mode === SourceMapMode.DEFAULT) return true;
  return mode as 'external' | 'inline' | 'both';
}
