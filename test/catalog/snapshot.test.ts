import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEc2Client } from '../../lib/catalog/aws-spot-prices.js';
import {
  type CatalogSnapshot,
  createCatalogSource,
  createPricingClient,
  createSnapshotFileSource,
  embeddedCatalog,
  embeddedManagedCatalog,
  parseSnapshot,
  readSnapshot,
  refreshSnapshot,
  SnapshotError,
  writeSnapshot,
} from '../../lib/catalog/index.js';
import { type FakeEc2Server, spotHistory, startFakeEc2Server } from './fake-ec2-server.js';
import {
  bedrockCatalogItems,
  type FakePricingServer,
  onDemandTerm,
  priceItem,
  reservedTerm,
  startFakePricingServer,
} from './fake-pricing-server.js';
import { repoRoot } from './reference-data.js';

const items = [
  priceItem({
    instanceType: 'g5.xlarge',
    usd: '1.0060000000',
    attributes: { vcpu: '4', memory: '16 GiB', gpu: '1' },
    terms: (sku) => ({
      OnDemand: onDemandTerm(sku, '1.0060000000'),
      Reserved: reservedTerm(sku, '0.6330000000'),
    }),
  }),
  priceItem({ instanceType: 'm7g.large', usd: '0.0816000000', attributes: { vcpu: '2', memory: '8 GiB' } }),
  priceItem({ instanceType: 'm7g.large', usd: '0.05', attributes: { operatingSystem: 'Windows' } }),
  ...bedrockCatalogItems(),
];

const refreshTime = Date.parse('2026-07-21T12:00:00Z');
/** Spot history the EC2 stand-in serves: g5.xlarge in two zones; m7g.large has no spot record. */
const spotRecords = spotHistory(
  'g5.xlarge',
  { 'us-east-1a': [[2, '0.4421']], 'us-east-1b': [[6, '0.4102']] },
  refreshTime,
);

/** A valid snapshot: the embedded us-east-1 catalog written at a fixed time. */
async function baseSnapshot(overrides: Partial<CatalogSnapshot['pricing']> = {}): Promise<CatalogSnapshot> {
  const { instances, pricing } = await embeddedCatalog.getRegion('us-east-1');
  return {
    formatVersion: 1,
    generatedAt: '2026-07-21T00:00:00.000Z',
    pricing: { ...pricing, source: 'aws-price-list', asOf: '2026-07-21T00:00:00.000Z', ...overrides },
    instances: [...instances],
  };
}

/** Runs a script with tsx as a person would, without blocking the stand-in server in this process. */
function runScript(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const awsTestEnv = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('Catalog: snapshots', () => {
  let dir = '';
  let server: FakePricingServer | undefined;
  let ec2: FakeEc2Server | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'catalog-snapshot-'));
  });

  afterEach(async () => {
    await server?.close();
    await ec2?.close();
    server = undefined;
    ec2 = undefined;
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  describe('Functions: writeSnapshot / readSnapshot', () => {
    it('should read back what it wrote', async () => {
      const snapshot = await baseSnapshot();
      const file = path.join(dir, 'catalog.json');

      await writeSnapshot(file, snapshot);

      expect(await readSnapshot(file)).toEqual(snapshot);
    });

    it('should read back commitments, spot provenance and managed prices', async () => {
      const snapshot = await baseSnapshot();
      snapshot.spotPricing = {
        source: 'ec2-spot-price-history',
        asOf: '2026-07-21T00:00:00.000Z',
        windowHours: 24,
      };
      snapshot.managed = {
        prices: [...embeddedManagedCatalog('us-east-1').prices],
        pricing: { ...snapshot.pricing },
      };
      const file = path.join(dir, 'catalog.json');

      await writeSnapshot(file, snapshot);
      const read = await readSnapshot(file);

      expect(read).toEqual(snapshot);
      expect(read.instances.find((i) => i.instanceType === 'g5.xlarge')?.commitments).toHaveLength(2);
      expect(read.managed?.prices.find((p) => p.model === 'llama-3.1-8b')?.inputPerMillionUsd).toBe(0.22);
    });

    it('should still read a snapshot written before commitments and managed prices existed', async () => {
      const snapshot = await baseSnapshot();
      const old = {
        ...snapshot,
        instances: snapshot.instances.map(({ commitments, spotIndicative, ...rest }) => rest),
      };
      expect(parseSnapshot(JSON.stringify(old))).toEqual(old);
    });

    it.each([
      ['not JSON', '{"formatVersion": 1,', /not valid JSON/],
      ['another format version', { formatVersion: 2 }, /formatVersion/],
      ['a negative price', 'negative-price', /onDemandHourlyUsd/],
      ['an unknown accelerator', 'unknown-accelerator', /accelerator/],
      ['an instance of another region', 'wrong-region', /priced for eu-west-1, not us-east-1/],
      ['an unknown commitment term', 'bad-commitment', /commitments/],
      [
        'managed prices of another region',
        'managed-elsewhere',
        /managed prices for us-west-2, not us-east-1/,
      ],
      ['a zero managed price', 'bad-managed-price', /outputPerMillionUsd/],
    ])('should reject %s', async (_case, input, message) => {
      const snapshot = await baseSnapshot();
      const [first, ...rest] = snapshot.instances;
      const managed = { prices: [...embeddedManagedCatalog('us-west-2').prices], pricing: snapshot.pricing };
      const corrupt: Record<string, unknown> = {
        'negative-price': { ...snapshot, instances: [{ ...first, onDemandHourlyUsd: -1 }, ...rest] },
        'bad-commitment': {
          ...snapshot,
          instances: [
            {
              ...first,
              commitments: [
                {
                  term: 'reserved-5yr',
                  hourlyUsd: 1,
                  paymentOption: 'No Upfront',
                  derived: true,
                  source: 'x',
                },
              ],
            },
            ...rest,
          ],
        },
        'managed-elsewhere': { ...snapshot, managed },
        'bad-managed-price': {
          ...snapshot,
          managed: {
            prices: [{ ...embeddedManagedCatalog('us-east-1').prices[0], outputPerMillionUsd: 0 }],
            pricing: snapshot.pricing,
          },
        },
        'unknown-accelerator': { ...snapshot, instances: [{ ...first, accelerator: 'tpu-v5' }, ...rest] },
        'wrong-region': { ...snapshot, instances: [{ ...first, region: 'eu-west-1' }, ...rest] },
      };
      const document = typeof input === 'string' && input in corrupt ? corrupt[input] : input;
      expect(() => parseSnapshot(document)).toThrow(SnapshotError);
      expect(() => parseSnapshot(document)).toThrow(message);
    });
  });

  describe('Function: createSnapshotFileSource', () => {
    it('should serve the snapshot for its region with source "snapshot"', async () => {
      const file = path.join(dir, 'catalog.json');
      const snapshot = await baseSnapshot();
      snapshot.instances = snapshot.instances.map((i) =>
        i.instanceType === 'g5.xlarge' ? { ...i, onDemandHourlyUsd: 0.9 } : i,
      );
      await writeSnapshot(file, snapshot);
      const source = createSnapshotFileSource(file, { now: () => Date.parse('2026-07-25T00:00:00Z') });

      const { instances, pricing } = await source.getRegion('us-east-1');

      expect(pricing).toEqual({
        source: 'snapshot',
        asOf: '2026-07-21T00:00:00.000Z',
        region: 'us-east-1',
        currency: 'USD',
        stale: false,
      });
      expect(instances.find((i) => i.instanceType === 'g5.xlarge')?.onDemandHourlyUsd).toBe(0.9);
      // a region the snapshot does not cover: the embedded catalog, not stale
      expect((await source.getRegion('eu-west-1')).pricing).toMatchObject({
        source: 'embedded',
        stale: false,
      });
    });

    it("should serve the snapshot's managed prices, and the embedded table (stale) for an older snapshot without them", async () => {
      // Prepare
      const withManaged = await baseSnapshot();
      withManaged.managed = {
        prices: embeddedManagedCatalog('us-east-1').prices.map((p) => ({ ...p, inputPerMillionUsd: 0.2 })),
        pricing: { ...withManaged.pricing },
      };
      const fileWith = path.join(dir, 'with.json');
      const fileWithout = path.join(dir, 'without.json');
      await writeSnapshot(fileWith, withManaged);
      await writeSnapshot(fileWithout, await baseSnapshot());
      const options = { now: () => Date.parse('2026-07-25T00:00:00Z') };

      // Act
      const managed = await createSnapshotFileSource(fileWith, options).getManagedPrices('us-east-1');
      const older = await createSnapshotFileSource(fileWithout, options).getManagedPrices('us-east-1');
      const elsewhere = await createSnapshotFileSource(fileWith, options).getManagedPrices('us-west-2');

      // Assess
      expect(managed.pricing).toEqual({
        source: 'snapshot',
        asOf: '2026-07-21T00:00:00.000Z',
        region: 'us-east-1',
        currency: 'USD',
        stale: false,
      });
      expect(managed.prices.every((p) => p.inputPerMillionUsd === 0.2)).toBe(true);
      expect(older.prices).toEqual(embeddedManagedCatalog('us-east-1').prices);
      expect(older.pricing).toMatchObject({
        source: 'embedded',
        stale: true,
        staleReason: expect.stringMatching(/no managed prices \(written before they were added\)/),
      });
      expect(elsewhere).toEqual(embeddedManagedCatalog('us-west-2'));
    });

    it('should load the snapshot once for both instances and managed prices', async () => {
      let loads = 0;
      const snapshot = await baseSnapshot();
      const { createSnapshotSource } = await import('../../lib/catalog/index.js');
      const source = createSnapshotSource({
        load: async () => {
          loads += 1;
          return JSON.stringify(snapshot);
        },
      });
      await Promise.all([source.getRegion('us-east-1'), source.getManagedPrices('us-east-1')]);
      await source.getManagedPrices('us-east-1');
      expect(loads).toBe(1);
    });

    it('should mark an old snapshot stale', async () => {
      const file = path.join(dir, 'catalog.json');
      await writeSnapshot(file, await baseSnapshot());
      const source = createSnapshotFileSource(file, { now: () => Date.parse('2026-10-01T00:00:00Z') });

      const { pricing } = await source.getRegion('us-east-1');

      expect(pricing).toMatchObject({
        source: 'snapshot',
        stale: true,
        staleReason: 'Snapshot prices are 72 days old',
      });
    });

    it.each([
      ['corrupt', '{"formatVersion": 1, "instances": []}', /Catalog snapshot is invalid/],
      ['missing', undefined, /Cannot read catalog snapshot/],
    ])(
      'should fall back to the embedded catalog, stale, when the snapshot is %s',
      async (_case, text, reason) => {
        const file = path.join(dir, 'catalog.json');
        if (text !== undefined) await writeFile(file, text);
        const source = createCatalogSource({
          env: { PRICING_SOURCE: 'snapshot', PRICING_SNAPSHOT_FILE: file },
        });

        const { instances, pricing } = await source.getRegion('us-east-1');

        expect(pricing).toMatchObject({ source: 'embedded', asOf: '2026-07-20', stale: true });
        expect(pricing.staleReason).toMatch(reason);
        expect(instances).toEqual((await embeddedCatalog.getRegion('us-east-1')).instances);
      },
    );
  });

  describe('Function: refreshSnapshot', () => {
    const stubEnv = () => {
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
      vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    };

    it('should build a snapshot of live on-demand, Reserved, spot and Bedrock prices', async () => {
      // Prepare
      server = await startFakePricingServer({ items, pageSize: 7 });
      ec2 = await startFakeEc2Server({ records: spotRecords });
      stubEnv();
      const client = createPricingClient('us-east-1', { maxAttempts: 1, endpoint: server.url });
      const ec2Client = createEc2Client('us-east-1', { maxAttempts: 1, endpoint: ec2.url });

      // Act
      const snapshot = await refreshSnapshot({
        region: 'us-east-1',
        client,
        ec2Client,
        now: () => refreshTime,
      });

      // Assess
      expect(snapshot).toMatchObject({
        formatVersion: 1,
        generatedAt: '2026-07-21T12:00:00.000Z',
        pricing: {
          source: 'aws-price-list',
          asOf: '2026-07-21T12:00:00.000Z',
          region: 'us-east-1',
          stale: false,
        },
        spotPricing: { source: 'ec2-spot-price-history', asOf: '2026-07-21T12:00:00.000Z', windowHours: 24 },
        managed: { pricing: { source: 'aws-price-list', region: 'us-east-1', stale: false } },
      });
      const g5 = snapshot.instances.find((i) => i.instanceType === 'g5.xlarge');
      expect(g5).toMatchObject({
        onDemandHourlyUsd: 1.006,
        spotHourlyUsd: 0.4102,
        spotIndicative: false,
        spotAsOf: '2026-07-21T12:00:00.000Z',
        commitments: [expect.objectContaining({ term: 'reserved-1yr', hourlyUsd: 0.633, derived: false })],
      });
      // priced, asked about, no spot record: no spot price
      const m7g = snapshot.instances.find((i) => i.instanceType === 'm7g.large');
      expect([m7g?.spotHourlyUsd, m7g?.spotIndicative]).toEqual([undefined, undefined]);
      expect(snapshot.managed?.prices.map((p) => p.model)).toEqual([
        'llama-3.1-70b',
        'llama-3.1-8b',
        'llama-3.2-3b',
        'mixtral-8x7b',
      ]);
      expect(ec2.requests[0]?.params).toMatchObject({
        'InstanceType.1': 'm7g.large',
        'InstanceType.2': 'g5.xlarge',
      });
      expect(parseSnapshot(JSON.stringify(snapshot))).toEqual(snapshot);
    });

    it('should keep the embedded indicative spot prices, and say why, when EC2 cannot be read', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      ec2 = await startFakeEc2Server({
        records: spotRecords,
        error: {
          code: 'UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
          status: 403,
        },
      });
      stubEnv();
      const embeddedSpot = (await embeddedCatalog.getRegion('us-east-1')).instances.filter(
        (i) => i.spotHourlyUsd !== undefined,
      );

      const snapshot = await refreshSnapshot({
        region: 'us-east-1',
        client: createPricingClient('us-east-1', { maxAttempts: 1, endpoint: server.url }),
        ec2Client: createEc2Client('us-east-1', { maxAttempts: 1, endpoint: ec2.url }),
        now: () => refreshTime,
      });

      expect(snapshot.spotPricing).toEqual({
        source: 'embedded',
        asOf: '2026-07-20',
        staleReason: expect.stringMatching(
          /^Live spot prices unavailable \(Spot price request for us-east-1 failed: .*not authorized.*\); embedded indicative prices$/,
        ),
      });
      expect(embeddedSpot.length).toBeGreaterThan(0);
      const spot = (
        list: readonly { instanceType: string; spotHourlyUsd?: number; spotIndicative?: boolean }[],
      ) =>
        list
          .filter((i) => i.spotHourlyUsd !== undefined)
          .map((i) => [i.instanceType, i.spotHourlyUsd, i.spotIndicative]);
      expect(spot(snapshot.instances)).toEqual(spot(embeddedSpot));

      for (const i of snapshot.instances.filter((x) => x.spotHourlyUsd !== undefined))
        expect(i.spotIndicative).toBe(true);
    });

    it('should hold the whole refresh to one deadline', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      stubEnv();
      // A clock that jumps a minute at every look: the EC2 products use up the 2-minute budget.
      let clock = refreshTime;
      const now = () => {
        clock += 60_000;
        return clock;
      };
      await expect(
        refreshSnapshot({
          region: 'us-east-1',
          client: createPricingClient('us-east-1', { maxAttempts: 1, endpoint: server.url }),
          spot: 'embedded',
          deadlineMs: 120_000,
          now,
        }),
      ).rejects.toThrow(/Catalog refresh for us-east-1 exceeded its 120000 ms deadline/);
    });

    it('should not call EC2 with spot: embedded', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      ec2 = await startFakeEc2Server({ records: spotRecords });
      stubEnv();
      const snapshot = await refreshSnapshot({
        region: 'us-east-1',
        client: createPricingClient('us-east-1', { maxAttempts: 1, endpoint: server.url }),
        ec2Client: createEc2Client('us-east-1', { maxAttempts: 1, endpoint: ec2.url }),
        spot: 'embedded',
        now: () => refreshTime,
      });
      expect(snapshot.spotPricing).toEqual({ source: 'embedded', asOf: '2026-07-20' });
      expect(ec2.requests).toHaveLength(0);
    });

    it('should fail, writing nothing, when the Bedrock products cannot be read', async () => {
      const { startScriptedServer, awsError } = await import('../faults/scripted-server.js');
      // EC2 products answer, Bedrock products are denied
      const ec2Page = JSON.stringify({
        FormatVersion: 'aws_v1',
        PriceList: items.slice(0, 2).map((i) => JSON.stringify(i)),
      });
      const scripted = await startScriptedServer((_n, body) =>
        (body as { ServiceCode?: string }).ServiceCode === 'AmazonEC2'
          ? { status: 200, body: ec2Page }
          : awsError('AccessDeniedException', 'not authorized to perform pricing:GetProducts', 403),
      );
      stubEnv();
      try {
        await expect(
          refreshSnapshot({
            region: 'us-east-1',
            client: createPricingClient('us-east-1', { maxAttempts: 1, endpoint: scripted.url }),
            spot: 'embedded',
          }),
        ).rejects.toThrow(/AmazonBedrock in us-east-1 failed: AccessDenied/);
      } finally {
        await scripted.close();
      }
    });
  });

  describe('Script: catalog-refresh', () => {
    it('should write a snapshot from the stand-in API that readSnapshot loads back', async () => {
      // Prepare
      server = await startFakePricingServer({ items, throttleFirst: 1 });
      ec2 = await startFakeEc2Server({
        records: spotHistory('g5.xlarge', { 'us-east-1a': [[1, '0.41']] }, Date.now()),
      });
      const out = path.join(dir, 'us-east-1.json');

      // Act
      const result = await runScript(['scripts/catalog-refresh.ts', '--region', 'us-east-1', '--out', out], {
        ...awsTestEnv,
        AWS_ENDPOINT_URL_PRICING: server.url,
        AWS_ENDPOINT_URL_EC2: ec2.url,
      });

      // Assess
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /^wrote .*us-east-1\.json: \d+ instance types \(2 priced on demand, 1 with Reserved prices, 1 with live spot prices\), 4 Bedrock prices for us-east-1/,
      );
      const snapshot = await readSnapshot(out);
      expect(snapshot.pricing).toMatchObject({ source: 'aws-price-list', region: 'us-east-1', stale: false });
      expect(
        snapshot.instances
          .filter((i) => i.onDemandHourlyUsd !== undefined)
          .map((i) => [i.instanceType, i.onDemandHourlyUsd]),
      ).toEqual([
        ['m7g.large', 0.0816],
        ['g5.xlarge', 1.006],
      ]);
      expect(JSON.parse(await readFile(out, 'utf8')).formatVersion).toBe(1);
    });

    it('should fail without writing when the API is unreachable', async () => {
      const out = path.join(dir, 'never.json');
      const result = await runScript(
        ['scripts/catalog-refresh.ts', '--region', 'us-east-1', '--out', out, '--spot', 'embedded'],
        {
          ...awsTestEnv,
          AWS_ENDPOINT_URL_PRICING: 'http://127.0.0.1:9',
          AWS_MAX_ATTEMPTS: '1', // the standard setting, honoured by the SDK
        },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Price List request for us-east-1 failed/);
      await expect(readFile(out)).rejects.toThrow();
    });
  });
});
