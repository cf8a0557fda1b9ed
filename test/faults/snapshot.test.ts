/**
 * Snapshot faults, through the API: a snapshot source whose loader throws, hangs behind a timeout or
 * returns garbage, and the S3 snapshot source (the deployed one) with a missing, empty, corrupt or
 * unreadable object. The plan still comes, from the embedded catalog, stale, with the reason.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CatalogSnapshot,
  createS3SnapshotSource,
  createSnapshotSource,
  embeddedCatalog,
  S3Client,
  snapshotKey,
} from '../../lib/catalog/index.js';
import { type FakeS3Server, readerFor, startFakeS3Server } from '../lambda/fake-s3-server.js';
import { planThrough } from './plan-request.js';
import { type ScriptedServer, startScriptedServer } from './scripted-server.js';

const now = () => Date.parse('2026-07-22T00:00:00.000Z');

/** A valid snapshot: the embedded us-east-1 instances at twice the price. */
async function goodSnapshot(): Promise<CatalogSnapshot> {
  const { instances } = await embeddedCatalog.getRegion('us-east-1');
  const asOf = '2026-07-21T00:00:00.000Z';
  return {
    formatVersion: 1,
    generatedAt: asOf,
    pricing: { source: 'aws-price-list', asOf, region: 'us-east-1', currency: 'USD', stale: false },
    instances: instances.map((i) => ({
      ...i,
      onDemandHourlyUsd: i.onDemandHourlyUsd && i.onDemandHourlyUsd * 2,
    })),
  };
}

const expectEmbeddedStale = (
  pricing: { source: string; stale: boolean; staleReason?: string },
  reason: RegExp,
) => {
  expect(pricing).toMatchObject({ source: 'embedded', stale: true });
  expect(pricing.staleReason).toMatch(reason);
};

describe('Faults: a snapshot that cannot be used, the plan still comes', () => {
  it('a good snapshot is served (the baseline)', async () => {
    const snapshot = await goodSnapshot();
    const plan = await planThrough(createSnapshotSource({ load: async () => JSON.stringify(snapshot), now }));
    expect(plan.pricing).toMatchObject({ source: 'snapshot', stale: false });
  });

  it.each([
    {
      case: 'the loader throws',
      load: async () => Promise.reject(new Error('disk on fire')),
      reason: /disk on fire/,
    },
    { case: 'the loader rejects with a string', load: () => Promise.reject('nope'), reason: /nope/ },
    {
      case: 'the loader gives up after a timeout',
      load: () =>
        new Promise((_, reject) => setTimeout(() => reject(new Error('read timed out after 50 ms')), 50)),
      reason: /timed out/,
    },
    { case: 'text that is not JSON', load: async () => 'not json {', reason: /not valid JSON/ },
    { case: 'an empty string', load: async () => '', reason: /not valid JSON/ },
    { case: 'JSON null', load: async () => 'null', reason: /invalid/ },
    { case: 'an empty object', load: async () => ({}), reason: /invalid/ },
    { case: 'a number', load: async () => 42, reason: /invalid/ },
    {
      case: 'a newer format version',
      load: async () => ({ ...(await goodSnapshot()), formatVersion: 99 }),
      reason: /invalid/,
    },
    {
      case: 'a truncated document',
      load: async () => JSON.stringify(await goodSnapshot()).slice(0, 5000),
      reason: /not valid JSON/,
    },
    {
      case: 'a negative price',
      load: async () => {
        const s = await goodSnapshot();
        return {
          ...s,
          instances: s.instances.map((i, n) => (n === 0 ? { ...i, onDemandHourlyUsd: -1 } : i)),
        };
      },
      reason: /invalid/,
    },
    {
      case: 'an instance priced for another region',
      load: async () => {
        const s = await goodSnapshot();
        return { ...s, instances: s.instances.map((i, n) => (n === 0 ? { ...i, region: 'eu-west-1' } : i)) };
      },
      reason: /priced for eu-west-1/,
    },
    {
      case: 'prototype keys in the document',
      load: async () =>
        `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(await goodSnapshot()).slice(1, 200)}`,
      reason: /not valid JSON|invalid/,
    },
  ])('$case: embedded prices, stale, with the reason', async ({ load, reason }) => {
    const plan = await planThrough(createSnapshotSource({ load, now }));
    expectEmbeddedStale(plan.pricing, reason);
    expect(plan.recommendation).toEqual((await planThrough(embeddedCatalog)).recommendation);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('Faults: the S3 snapshot (the deployed source)', () => {
  const bucket = 'planner-snapshots';
  const key = snapshotKey('us-east-1');
  let s3: FakeS3Server;
  let client: S3Client;
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

  beforeAll(async () => {
    s3 = await startFakeS3Server();
    client = new S3Client({ endpoint: s3.url, forcePathStyle: true, region: 'us-east-1', credentials });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
  });
  beforeEach(() => s3.objects.clear());

  const put = (body: string) =>
    s3.objects.set(`${bucket}/${key}`, { body, contentType: 'application/json', lastModified: new Date() });

  it('a good object is served (the baseline)', async () => {
    put(JSON.stringify(await goodSnapshot()));
    const plan = await planThrough(createS3SnapshotSource({ bucket, read: readerFor(s3.url), now }));
    expect(plan.pricing).toMatchObject({ source: 'snapshot', stale: false });
  });

  it.each([
    { case: 'missing', body: undefined, reason: /does not exist/ },
    { case: 'empty', body: '', reason: /empty|not valid JSON/ },
    { case: 'corrupt', body: '{"formatVersion":1,"instances":[', reason: /not valid JSON/ },
    { case: 'valid JSON of the wrong shape', body: '{"hello":"world"}', reason: /invalid/ },
  ])('the object is $case: embedded prices, stale, with the reason', async ({ body, reason }) => {
    if (body !== undefined) put(body);
    const plan = await planThrough(createS3SnapshotSource({ bucket, read: readerFor(s3.url), now }));
    expectEmbeddedStale(plan.pricing, reason);
  });

  describe('S3 itself fails', () => {
    let scripted: ScriptedServer;
    afterAll(() => scripted?.close());

    const clientFor = (endpoint: string) =>
      new S3Client({
        endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
        // Timeouts as a deployment should set them: without them (and without throwOnRequestTimeout,
        // the SDK only warns) a hanging S3 hangs the request.
        requestHandler: { requestTimeout: 300, connectionTimeout: 300, throwOnRequestTimeout: true },
      });

    it.each([
      {
        case: 'access denied',
        answer: () => ({
          status: 403,
          headers: { 'content-type': 'application/xml' },
          body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        }),
        reason: /cannot be read \(AccessDenied\)/,
      },
      {
        case: 'a 503 slow down',
        answer: () => ({
          status: 503,
          headers: { 'content-type': 'application/xml' },
          body: '<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Reduce your request rate</Message></Error>',
        }),
        reason: /cannot be read/,
      },
      { case: 'a hang past the request timeout', answer: () => 'hang' as const, reason: /cannot be read/ },
      { case: 'a dropped connection', answer: () => 'drop-connection' as const, reason: /cannot be read/ },
    ])('$case: embedded prices, stale, with the reason', async ({ answer, reason }) => {
      await scripted?.close();
      scripted = await startScriptedServer(answer);
      const s3Client = clientFor(scripted.url);
      try {
        const plan = await planThrough(
          createS3SnapshotSource({ bucket, read: readerFor(scripted.url), now }),
        );
        expectEmbeddedStale(plan.pricing, reason);
        expect(plan.pricing.staleReason).not.toContain(bucket);
      } finally {
        s3Client.destroy();
      }
    });
  });
});
