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
import { type FakeEc2Server, spotHistory, startFakeEc2Server } from '../catalog/fake-ec2-server.js';
import {
  bedrockModel,
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
  ...bedrockModel('Llama 3.1 8B Instruct', '0.00022', '0.00022'),
];
const context = { awsRequestId: 'refresh-request', functionName: 'planner-refresh' } as Context;

let s3: FakeS3Server;
let pricing: FakePricingServer;
let ec2: FakeEc2Server;
const savedEnv = { ...process.env };

function useEnv(overrides: Record<string, string>): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_PRICING: pricing.url,
    AWS_ENDPOINT_URL_EC2: ec2.url,
    SNAPSHOT_BUCKET: bucket,
    REFRESH_REGIONS: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...overrides,
  });
}

beforeAll(async () => {
  s3 = await startFakeS3Server();
  pricing = await startFakePricingServer({ items, pageSize: 1 });
  ec2 = await startFakeEc2Server({
    records: spotHistory(
      'g5.xlarge',
      { 'us-east-1a': [[1, '0.4102']], 'us-east-1b': [[3, '0.4500']] },
      Date.now(),
    ),
  });
});
afterAll(async () => {
  await Promise.all([s3.close(), pricing.close(), ec2.close()]);
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
      {
        region: 'us-east-1',
        key: 'snapshots/us-east-1.json',
        instances: expect.any(Number),
        managedPrices: 1,
        spot: 'ec2-spot-price-history',
      },
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
    // Spot from DescribeSpotPriceHistory, Bedrock prices from the same Price List client.
    expect(snapshot.instances.find((i) => i.instanceType === 'g5.xlarge')).toMatchObject({
      spotHourlyUsd: 0.4102,
      spotIndicative: false,
    });
    expect(snapshot.managed?.prices).toEqual([
      expect.objectContaining({ model: 'llama-3.1-8b', inputPerMillionUsd: 0.22, outputPerMillionUsd: 0.22 }),
    ]);
    expect(ec2.requests.at(-1)).toMatchObject({ action: 'DescribeSpotPriceHistory' });
    expect(ec2.requests.at(-1)?.authorization).toMatch(/^AWS4-HMAC-SHA256/);
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
  it('should still write the snapshot, with embedded indicative spot prices, when EC2 is unreachable', async () => {
    useEnv({ AWS_ENDPOINT_URL_EC2: await deadEndpoint(), AWS_MAX_ATTEMPTS: '1' });
    const observability = createObservability({ serviceName: 'planner-refresh' });
    const warn = vi.spyOn(observability.logger, 'warn');

    const result = await refreshRegions({ env: process.env, observability });

    expect(result.written[0]).toMatchObject({ region: 'us-east-1', spot: 'embedded' });
    const snapshot = parseSnapshot(s3.objects.get(`${bucket}/snapshots/us-east-1.json`)?.body);
    expect(snapshot.spotPricing?.staleReason).toMatch(/^Live spot prices unavailable/);
    expect(warn).toHaveBeenCalledWith('Spot prices are the embedded indicative ones', expect.anything());
  });

  it('should not call EC2 with REFRESH_SPOT=embedded, and refuse a bad SPOT_WINDOW_HOURS', async () => {
    const before = ec2.requests.length;
    useEnv({ REFRESH_SPOT: 'embedded' });
    const observability = createObservability({ serviceName: 'planner-refresh' });
    expect((await refreshRegions({ env: process.env, observability })).written[0]?.spot).toBe('embedded');
    expect(ec2.requests.length).toBe(before);
    useEnv({ SPOT_WINDOW_HOURS: '-3' });
    await expect(refreshRegions({ env: process.env, observability })).rejects.toThrow(/SPOT_WINDOW_HOURS/);
  });

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
