/**
 * The S3 snapshot source the deployed API reads through, against a local S3 stand-in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogSourceFromEnv } from '../../functions/api/catalog-source.js';
import {
  type CatalogSnapshot,
  createS3ObjectReader,
  createS3SnapshotSource,
  embeddedCatalog,
  embeddedManagedCatalog,
  S3Client,
  snapshotKey,
  writeS3Snapshot,
} from '../../lib/catalog/index.js';
import { type FakeS3Server, readerFor, startFakeS3Server } from './fake-s3-server.js';

const bucket = 'planner-snapshots';
let s3: FakeS3Server;
let client: S3Client;

async function snapshot(region = 'us-east-1', asOf = '2026-07-21T00:00:00.000Z'): Promise<CatalogSnapshot> {
  const { instances } = await embeddedCatalog.getRegion(region);
  const priced = instances.map((i) => ({
    ...i,
    onDemandHourlyUsd: i.onDemandHourlyUsd && i.onDemandHourlyUsd * 2,
  }));
  const pricing = { source: 'aws-price-list', asOf, region, currency: 'USD', stale: false } as const;
  return {
    formatVersion: 1,
    generatedAt: asOf,
    pricing,
    instances: priced,
    managed: {
      prices: embeddedManagedCatalog(region).prices.map((p) => ({
        ...p,
        outputPerMillionUsd: p.outputPerMillionUsd * 2,
      })),
      pricing,
    },
  };
}

beforeAll(async () => {
  s3 = await startFakeS3Server();
  client = new S3Client({
    endpoint: s3.url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
});
afterAll(async () => {
  client.destroy();
  await s3.close();
});
beforeEach(() => {
  s3.objects.clear();
  s3.requests.length = 0;
});

describe('Function: createS3SnapshotSource', () => {
  const now = () => Date.parse('2026-07-22T00:00:00.000Z');

  it('should serve a good snapshot with source "snapshot" and its date', async () => {
    // Prepare
    await writeS3Snapshot(await snapshot(), { bucket, client });
    const source = createS3SnapshotSource({ bucket, read: readerFor(s3.url), now });

    // Act
    const { instances, pricing } = await source.getRegion('us-east-1');

    // Assess
    expect(pricing).toEqual({
      source: 'snapshot',
      asOf: '2026-07-21T00:00:00.000Z',
      region: 'us-east-1',
      currency: 'USD',
      stale: false,
    });
    const embedded = await embeddedCatalog.getRegion('us-east-1');
    const g5 = (list: typeof instances) =>
      list.find((i) => i.instanceType === 'g5.xlarge')?.onDemandHourlyUsd;
    expect(g5(instances)).toBeCloseTo((g5(embedded.instances) ?? 0) * 2);
    expect(s3.requests.at(-1)).toMatchObject({ method: 'GET', path: `${bucket}/snapshots/us-east-1.json` });

    // Managed prices come from the same object, read once
    const managed = await source.getManagedPrices('us-east-1');
    expect(managed.pricing).toMatchObject({ source: 'snapshot', stale: false });
    expect(managed.prices.find((p) => p.model === 'llama-3.1-8b')?.outputPerMillionUsd).toBe(0.44);
    expect(s3.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  it.each([
    ['missing', undefined, /^The us-east-1 catalog snapshot does not exist$/],
    ['not JSON', '{"formatVersion": 1, ', /not valid JSON/],
    ['not a snapshot', JSON.stringify({ formatVersion: 1, instances: [] }), /Catalog snapshot is invalid/],
  ])(
    'should fall back to embedded prices, stale with the reason, when the object is %s',
    async (_, body, reason) => {
      // Prepare
      if (body !== undefined)
        s3.objects.set(`${bucket}/${snapshotKey('us-east-1')}`, {
          body,
          contentType: 'application/json',
          lastModified: new Date(),
        });
      const source = createS3SnapshotSource({ bucket, read: readerFor(s3.url), now });

      // Act
      const { instances, pricing } = await source.getRegion('us-east-1');

      // Assess
      expect(pricing).toMatchObject({
        source: 'embedded',
        stale: true,
        staleReason: expect.stringMatching(reason),
      });
      expect(instances).toEqual((await embeddedCatalog.getRegion('us-east-1')).instances);
      const managed = await source.getManagedPrices('us-east-1');
      expect(managed.prices).toEqual(embeddedManagedCatalog('us-east-1').prices);
      expect(managed.pricing).toMatchObject({
        source: 'embedded',
        stale: true,
        staleReason: expect.stringMatching(reason),
      });
      // Callers never learn where the snapshots live.
      expect(pricing.staleReason).not.toMatch(/planner-snapshots|s3:\/\/|snapshots\//);
    },
  );

  it('should mark a snapshot older than maxAgeDays stale', async () => {
    await writeS3Snapshot(await snapshot('us-east-1', '2026-05-01T00:00:00.000Z'), { bucket, client });
    const source = createS3SnapshotSource({ bucket, read: readerFor(s3.url), now, maxAgeDays: 35 });

    const { pricing } = await source.getRegion('us-east-1');

    expect(pricing).toMatchObject({
      source: 'snapshot',
      stale: true,
      staleReason: 'Snapshot prices are 82 days old',
    });
  });

  it('should reuse a loaded snapshot for ttlMs, then read it again', async () => {
    let clock = now();
    await writeS3Snapshot(await snapshot(), { bucket, client });
    const source = createS3SnapshotSource({
      bucket,
      read: readerFor(s3.url),
      now: () => clock,
      ttlMs: 60_000,
    });

    await source.getRegion('us-east-1');
    await source.getRegion('us-east-1');
    const readsWithinTtl = s3.requests.filter((r) => r.method === 'GET').length;
    clock += 61_000;
    await source.getRegion('us-east-1');

    expect(readsWithinTtl).toBe(1);
    expect(s3.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('should answer regions the refresh does not write from the embedded catalog without reading S3', async () => {
    const source = createS3SnapshotSource({ bucket, read: readerFor(s3.url), now, regions: ['us-east-1'] });

    const { pricing } = await source.getRegion('eu-west-1');

    expect(pricing).toMatchObject({ source: 'embedded', stale: false });
    expect(s3.requests).toHaveLength(0);
  });
});

describe('Function: catalogSourceFromEnv', () => {
  it.each([
    [{}, 'embedded'],
    [{ PRICING_SOURCE: 'embedded' }, 'embedded'],
  ])('should use the embedded catalog for %j', async (env, source) => {
    expect((await catalogSourceFromEnv(env).getRegion('us-east-1')).pricing.source).toBe(source);
  });

  it.each([
    [{ PRICING_SOURCE: 's3-snapshot' }, /needs SNAPSHOT_BUCKET/],
    [{ PRICING_SOURCE: 'aws' }, /must be embedded or s3-snapshot/],
  ])('should refuse %j at cold start', (env, message) => {
    expect(() => catalogSourceFromEnv(env)).toThrow(message);
  });
});

describe('Function: createS3ObjectReader', () => {
  it('should sign each read with SigV4 for S3 in the configured region', async () => {
    // Prepare
    s3.objects.set(`${bucket}/snapshots/us-east-1.json`, {
      body: '{}',
      contentType: 'application/json',
      lastModified: new Date(),
    });

    // Act
    const text = await readerFor(s3.url)(bucket, 'snapshots/us-east-1.json');

    // Assess
    expect(text).toBe('{}');
    const authorization = s3.requests.at(-1)?.authorization ?? '';
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]*host;[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('should tell a missing object (undefined) from a refused one (an error with S3 code)', async () => {
    await expect(readerFor(s3.url)(bucket, 'snapshots/nowhere.json')).resolves.toBeUndefined();
    const noCredentials = createS3ObjectReader({ env: { AWS_ENDPOINT_URL_S3: s3.url } });
    await expect(noCredentials(bucket, 'snapshots/us-east-1.json')).rejects.toThrow(/no AWS credentials/);
  });
});
