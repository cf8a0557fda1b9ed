import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEc2Client, fetchSpotPrices } from '../../lib/catalog/aws-spot-prices.js';
import { PriceListError } from '../../lib/catalog/index.js';
import { type FakeEc2Server, type SpotRecord, spotHistory, startFakeEc2Server } from './fake-ec2-server.js';
import { deadEndpoint, stubAwsTestEnv } from './fake-pricing-server.js';
import { hasReference, readReferenceText, skipReason } from './reference-data.js';

const now = Date.parse('2026-07-21T12:00:00Z');
const fast = { maxAttempts: 3, requestTimeoutMs: 1_000, connectionTimeoutMs: 500 };

/** Three zones of g5.xlarge and one of m7i.large over two days, plus records the answer must skip. */
const records: SpotRecord[] = [
  ...spotHistory(
    'g5.xlarge',
    {
      'us-east-1a': [
        [1, '0.4211'],
        [30, '0.3600'], // in effect when the 24 h window opened: counts
        [40, '0.1000'], // superseded before the window: does not
      ],
      'us-east-1b': [[5, '0.3990']],
      'us-east-1c': [
        [2, '0.4500'],
        [26, '0.3500'], // in effect at the start of the window: counts
      ],
    },
    now,
  ),
  ...spotHistory('m7i.large', { 'us-east-1d': [[3, '0.0400']] }, now),
  ...spotHistory('g5.xlarge', { 'us-east-1a': [[1, '0.0500']] }, now, 'Windows'),
  ...spotHistory('p5.48xlarge', { 'us-east-1a': [[1, '12.5']] }, now),
];

describe('Function: fetchSpotPrices (EC2 DescribeSpotPriceHistory)', () => {
  let server: FakeEc2Server | undefined;

  beforeEach(() => stubAwsTestEnv());
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  it('should take the Linux minimum over zones in the window, through every page, retrying throttling', async () => {
    // Prepare
    server = await startFakeEc2Server({ records, pageSize: 2, throttleFirst: 1 });
    const client = createEc2Client('us-east-1', { ...fast, endpoint: server.url });

    // Act
    const { readings, pages } = await fetchSpotPrices({
      client,
      region: 'us-east-1',
      instanceTypes: ['g5.xlarge', 'm7i.large', 'c7g.large'],
      now: () => now,
    });

    // Assess
    expect(Object.fromEntries(readings)).toEqual({
      'g5.xlarge': { hourlyUsd: 0.35, availabilityZone: 'us-east-1c', timestamp: '2026-07-20T10:00:00.000Z' },
      'm7i.large': { hourlyUsd: 0.04, availabilityZone: 'us-east-1d', timestamp: '2026-07-21T09:00:00.000Z' },
    });
    expect(pages).toBe(3); // 5 records, 2 a page
    expect(server.requests).toHaveLength(4); // one throttled, then three pages
    for (const request of server.requests) {
      expect(request).toMatchObject({
        action: 'DescribeSpotPriceHistory',
        version: '2016-11-15',
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/ec2\//);
      expect(request.params).toMatchObject({
        'InstanceType.1': 'g5.xlarge',
        'InstanceType.2': 'm7i.large',
        'InstanceType.3': 'c7g.large',
        'ProductDescription.1': 'Linux/UNIX',
        StartTime: '2026-07-20T12:00:00Z',
        EndTime: '2026-07-21T12:00:00Z',
      });
    }
    expect(server.requests.map((r) => r.params.NextToken === undefined)).toEqual([true, true, false, false]);
  });

  it('should ask in batches of instance types', async () => {
    server = await startFakeEc2Server({ records });
    const client = createEc2Client('us-east-1', { ...fast, endpoint: server.url });

    const { readings } = await fetchSpotPrices({
      client,
      region: 'us-east-1',
      instanceTypes: ['g5.xlarge', 'm7i.large', 'p5.48xlarge'],
      batchSize: 2,
      now: () => now,
    });

    expect([...readings.keys()].sort()).toEqual(['g5.xlarge', 'm7i.large', 'p5.48xlarge']);
    expect(server.requests.map((r) => listOf(r.params))).toEqual([
      ['g5.xlarge', 'm7i.large'],
      ['p5.48xlarge'],
    ]);
  });

  it.each([
    [
      {
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
        status: 403,
      },
      /UnauthorizedOperation|not authorized/,
    ],
    [
      { code: 'InternalError', message: 'An internal error has occurred', status: 500 },
      /InternalError|internal error/,
    ],
  ])('should fail with the reason for %o', async (error, reason) => {
    server = await startFakeEc2Server({ records, error });
    const client = createEc2Client('us-east-1', { ...fast, maxAttempts: 2, endpoint: server.url });

    const run = fetchSpotPrices({
      client,
      region: 'us-east-1',
      instanceTypes: ['g5.xlarge'],
      now: () => now,
    });

    await expect(run).rejects.toBeInstanceOf(PriceListError);
    await expect(run).rejects.toThrow(reason);
  });

  it('should give up at the deadline on a server that never answers', async () => {
    server = await startFakeEc2Server({ records, hang: true });
    const client = createEc2Client('us-east-1', {
      maxAttempts: 1,
      requestTimeoutMs: 5_000,
      endpoint: server.url,
    });
    const started = Date.now();

    await expect(
      fetchSpotPrices({
        client,
        region: 'us-east-1',
        instanceTypes: ['g5.xlarge'],
        deadlineMs: 300,
        now: () => now,
      }),
    ).rejects.toThrow(/exceeded its 300 ms deadline/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('should fail quickly on a dead endpoint', async () => {
    const client = createEc2Client('us-east-1', { ...fast, maxAttempts: 1, endpoint: await deadEndpoint() });
    await expect(
      fetchSpotPrices({ client, region: 'us-east-1', instanceTypes: ['g5.xlarge'], now: () => now }),
    ).rejects.toThrow(/Spot price request for us-east-1 failed/);
  });

  describe('the real DescribeSpotPriceHistory answer in the reference data', () => {
    beforeEach((ctx) => {
      if (!hasReference) ctx.skip(skipReason);
    });

    it('should read m5.large in us-east-1 the same way through the wire protocol', async () => {
      // Prepare: serve the real 2021 records as they were
      const real = JSON.parse(
        readReferenceText('describespotpricehistory_m5.large_us-east-1_2021_ec2-instance-selector.json'),
      ) as { SpotPriceHistory: SpotRecord[] };
      const newest = Math.max(...real.SpotPriceHistory.map((r) => Date.parse(r.Timestamp)));
      const windowHours = 24 * 7;
      const windowStart = newest - windowHours * 3_600_000;
      const expected = Math.min(
        ...real.SpotPriceHistory.filter((r) => Date.parse(r.Timestamp) >= windowStart).map((r) =>
          Number(r.SpotPrice),
        ),
        // plus the price each zone had when the window opened
        ...[...new Set(real.SpotPriceHistory.map((r) => r.AvailabilityZone))].flatMap((zone) => {
          const before = real.SpotPriceHistory.filter(
            (r) => r.AvailabilityZone === zone && Date.parse(r.Timestamp) < windowStart,
          ).sort((a, b) => Date.parse(b.Timestamp) - Date.parse(a.Timestamp))[0];
          return before ? [Number(before.SpotPrice)] : [];
        }),
      );
      server = await startFakeEc2Server({ records: real.SpotPriceHistory, pageSize: 25 });
      const client = createEc2Client('us-east-1', { ...fast, endpoint: server.url });

      // Act
      const { readings, pages } = await fetchSpotPrices({
        client,
        region: 'us-east-1',
        instanceTypes: ['m5.large'],
        windowHours,
        now: () => newest,
      });

      // Assess
      expect(readings.get('m5.large')?.hourlyUsd).toBe(expected);
      expect(expected).toBeGreaterThan(0.03);
      expect(expected).toBeLessThan(0.096); // below the on-demand price of the time
      expect(pages).toBeGreaterThan(1);
    });
  });
});

function listOf(params: Record<string, string>): string[] {
  return Object.keys(params)
    .filter((k) => k.startsWith('InstanceType.'))
    .sort()
    .map((k) => params[k] as string);
}
