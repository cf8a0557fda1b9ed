/**
 * The artifact CDK ships: the API function bundled with the stack's own esbuild options (built once
 * for this file), run in a fresh Node process with the function's environment, against a local S3.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsFor, functionBundling, functionEntries } from '../../infra/bundling.js';
import { type CatalogSnapshot, embeddedCatalog } from '../../lib/catalog/index.js';
import {
  type BuiltBundle,
  buildBundle,
  httpApiEvent,
  invokeInFreshProcess,
  planRequest,
} from '../../scripts/build-bundle.js';
import { type FakeS3Server, startFakeS3Server } from './fake-s3-server.js';

const bucket = 'planner-snapshots';
let outdir: string;
let bundle: BuiltBundle;
let code: string;
let s3: FakeS3Server;

/** The environment the stack gives the API function, with S3 pointed at the stand-in. */
const functionEnv = () => ({
  NODE_OPTIONS: '--enable-source-maps',
  PRICING_SOURCE: 's3-snapshot',
  SNAPSHOT_BUCKET: bucket,
  SNAPSHOT_REGIONS: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'planner-api',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_S3: s3.url,
});

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'planner-bundle-'));
  bundle = await buildBundle({ outdir });
  code = await readFile(bundle.file, 'utf8');
  s3 = await startFakeS3Server();
}, 60_000);
afterAll(async () => {
  await s3?.close();
  await rm(outdir, { recursive: true, force: true });
});

describe('API bundle', () => {
  it('should answer POST /v1/plans with a plan priced from the S3 snapshot', async () => {
    // Prepare
    const { instances } = await embeddedCatalog.getRegion('us-east-1');
    const snapshot: CatalogSnapshot = {
      formatVersion: 1,
      generatedAt: new Date().toISOString(),
      pricing: {
        source: 'aws-price-list',
        asOf: new Date().toISOString(),
        region: 'us-east-1',
        currency: 'USD',
        stale: false,
      },
      instances: [...instances],
    };
    s3.objects.set(`${bucket}/snapshots/us-east-1.json`, {
      body: JSON.stringify(snapshot),
      contentType: 'application/json',
      lastModified: new Date(),
    });

    // Act
    const { result } = await invokeInFreshProcess(
      bundle.file,
      httpApiEvent('POST', '/v1/plans', planRequest),
      functionEnv(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    const plan = JSON.parse(result.body ?? '{}');
    expect(plan.tier).toMatch(/^(personal|large-model|customer-facing)$/);
    expect(plan.recommendation.instanceType).toEqual(expect.any(String));
    expect(plan.pricing).toMatchObject({ source: 'snapshot', asOf: snapshot.pricing.asOf, stale: false });
  });

  it('should still plan, from embedded prices marked stale, when the snapshot is missing', async () => {
    s3.objects.clear();

    const { result } = await invokeInFreshProcess(
      bundle.file,
      httpApiEvent('POST', '/v1/plans', planRequest),
      functionEnv(),
    );

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}').pricing).toMatchObject({
      source: 'embedded',
      stale: true,
      staleReason: expect.stringContaining('does not exist'),
    });
  });

  it('should stay within 250 KiB gzip', () => {
    expect(bundle.gzipBytes).toBeLessThanOrEqual(250 * 1024);
  });

  it('should import no AWS SDK client at all (snapshots are read with a signed fetch)', () => {
    const sdkImports = [...code.matchAll(/from\s*"(@aws-sdk\/[^"]+)"/g)].map((m) => m[1]);
    expect(sdkImports).toEqual([]);
    expect(code).not.toContain('PricingClient');
  });

  it('should need no require banner (no CommonJS require shim in the bundle)', () => {
    expect(code).not.toContain('Dynamic require of');
  });
});

describe('Function: esbuildOptionsFor', () => {
  it('should turn the stack’s bundling options into the same esbuild build', () => {
    expect(
      esbuildOptionsFor(functionBundling, { entry: functionEntries.api, outfile: 'out/index.mjs' }),
    ).toEqual({
      entryPoints: [functionEntries.api],
      outfile: 'out/index.mjs',
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      sourcemap: 'external',
      sourcesContent: false,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      define: { 'process.env.PLANNER_TRACING': '"false"' },
      logLevel: 'warning',
    });
  });

  it('should refuse an option it does not map, so the script cannot drift from the stack', () => {
    expect(() =>
      esbuildOptionsFor({ ...functionBundling, keepNames: true }, { entry: 'a.ts', outfile: 'b.mjs' }),
    ).toThrow(/keepNames/);
  });
});
