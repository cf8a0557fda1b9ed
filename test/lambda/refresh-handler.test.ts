/**
 * The catalog refresh Lambda against local stand-ins for the Price List API and S3, configured the
 * way the stack configures it (environment variables) plus standard SDK endpoint variables.
 */
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/refresh/index.js';
import { refreshRegions, SnapshotRefreshError } from '../../functions/refresh/refresh-regions.js';
import { parseSnapshot } from '../../lib/catalog/index.js';
import { createObservability, metricNames } from '../../lib/observability/index.js';
import {
  deadEndpoint,
  type FakePricingServer,
  priceItem,
  startFakePricingServer,
} from '../catalog/fake-pricing-server.js';
import { type FakeS3Server, startFakeS3Server } from './fake-s3-server.js';

const bucket = 'planner-snapshots';
const items = [
  priceItem({
    instanceType: 'g5.xlarge',
    usd: '1.0060000000',
    attributes: { vcpu: '4', memory: '16 GiB', gpu: '1' },
  }),
  priceItem({ instanceType: 'm7g.large', usd: '0.0816000000', attributes: { vcpu: '2', memory: '8 GiB' } }),
];
const context = { awsRequestId: 'refresh-request', functionName: 'planner-refresh' } as Context;

let s3: FakeS3Server;
let pricing: FakePricingServer;
const savedEnv = { ...process.env };

function useEnv(overrides: Record<string, string>): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_PRICING: pricing.url,
    SNAPSHOT_BUCKET: bucket,
    REFRESH_REGIONS: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...overrides,
  });
}

beforeAll(async () => {
  s3 = await startFakeS3Server();
  pricing = await startFakePricingServer({ items, pageSize: 1 });
});
afterAll(async () => {
  await Promise.all([s3.close(), pricing.close()]);
});
beforeEach(() => {
  s3.objects.clear();
  useEnv({});
});
afterEach(() => {
  process.env = { ...savedEnv };
  vi.restoreAllMocks();
});

describe('Function: refresh handler', () => {
  it('should write a valid snapshot for each configured region to snapshots/<region>.json', async () => {
    // Act
    const result = await handler({ source: 'schedule' }, context);

    // Assess
    expect(result.written).toEqual([
      { region: 'us-east-1', key: 'snapshots/us-east-1.json', instances: expect.any(Number) },
    ]);
    const stored = s3.objects.get(`${bucket}/snapshots/us-east-1.json`);
    expect(stored?.contentType).toBe('application/json');
    const snapshot = parseSnapshot(stored?.body);
    expect(snapshot.pricing).toMatchObject({ source: 'aws-price-list', region: 'us-east-1', stale: false });
    expect(snapshot.instances).toHaveLength(result.written[0]?.instances ?? -1);
    // Prices come from the Price List answer, not from the embedded catalog.
    const price = (type: string) =>
      snapshot.instances.find((i) => i.instanceType === type)?.onDemandHourlyUsd;
    expect([price('g5.xlarge'), price('m7g.large')]).toEqual([1.006, 0.0816]);
    // Signed requests: the SDK used the dummy credentials, so the real roles' grants are what counts.
    expect(s3.requests.every((r) => r.authorization?.startsWith('AWS4-HMAC-SHA256'))).toBe(true);
    expect(pricing.requests.at(-1)?.target).toBe('AWSPriceListService.GetProducts');
  });

  it('should refuse a region the catalog does not price before calling anything', async () => {
    useEnv({ REFRESH_REGIONS: 'us-east-1,mars-north-1' });
    const before = pricing.requests.length;

    await expect(handler({}, context)).rejects.toThrow(/mars-north-1/);
    expect(pricing.requests.length).toBe(before);
  });
});

describe('Function: refreshRegions', () => {
  it('should report metrics: snapshots written, failures and the age of the oldest snapshot', async () => {
    const observability = createObservability({ serviceName: 'planner-refresh' });
    const addMetric = vi.spyOn(observability.metrics, 'addMetric');

    await refreshRegions({ env: process.env, observability });

    expect(addMetric.mock.calls.map(([name, , value]) => [name, value])).toEqual([
      [metricNames.snapshotAgeHours, 0],
      [metricNames.snapshotsWritten, 1],
      [metricNames.snapshotRefreshFailures, 0],
    ]);
  });

  it('should fail when the Price List is unreachable, keep the previous snapshot and report its age', async () => {
    // Prepare
    const previous = {
      body: '{"previous":true}',
      contentType: 'application/json',
      lastModified: new Date(Date.now() - 30 * 3_600_000),
    };
    s3.objects.set(`${bucket}/snapshots/us-east-1.json`, previous);
    useEnv({ AWS_ENDPOINT_URL_PRICING: await deadEndpoint(), AWS_MAX_ATTEMPTS: '1' });
    const observability = createObservability({ serviceName: 'planner-refresh' });
    const addMetric = vi.spyOn(observability.metrics, 'addMetric');

    // Act
    const run = refreshRegions({ env: process.env, observability });

    // Assess
    await expect(run).rejects.toBeInstanceOf(SnapshotRefreshError);
    await expect(run).rejects.toThrow(/Catalog refresh failed for us-east-1/);
    expect(s3.objects.get(`${bucket}/snapshots/us-east-1.json`)).toEqual(previous);
    const metrics = Object.fromEntries(addMetric.mock.calls.map(([name, , value]) => [name, value]));
    expect(metrics[metricNames.snapshotAgeHours]).toBeCloseTo(30, 0);
    expect(metrics[metricNames.snapshotRefreshFailures]).toBe(1);
    expect(metrics[metricNames.snapshotsWritten]).toBe(0);
  });
});
