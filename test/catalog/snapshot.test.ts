import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type CatalogSnapshot,
  createCatalogSource,
  createPricingClient,
  createSnapshotFileSource,
  embeddedCatalog,
  parseSnapshot,
  readSnapshot,
  refreshSnapshot,
  SnapshotError,
  writeSnapshot,
} from '../../lib/catalog/index.js';
import { type FakePricingServer, priceItem, startFakePricingServer } from './fake-pricing-server.js';
import { repoRoot } from './reference-data.js';

const items = [
  priceItem({
    instanceType: 'g5.xlarge',
    usd: '1.0060000000',
    attributes: { vcpu: '4', memory: '16 GiB', gpu: '1' },
  }),
  priceItem({ instanceType: 'm7g.large', usd: '0.0816000000', attributes: { vcpu: '2', memory: '8 GiB' } }),
  priceItem({ instanceType: 'm7g.large', usd: '0.05', attributes: { operatingSystem: 'Windows' } }),
];

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

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'catalog-snapshot-'));
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  describe('Functions: writeSnapshot / readSnapshot', () => {
    it('should read back what it wrote', async () => {
      const snapshot = await baseSnapshot();
      const file = path.join(dir, 'catalog.json');

      await writeSnapshot(file, snapshot);

      expect(await readSnapshot(file)).toEqual(snapshot);
    });

    it.each([
      ['not JSON', '{"formatVersion": 1,', /not valid JSON/],
      ['another format version', { formatVersion: 2 }, /formatVersion/],
      ['a negative price', 'negative-price', /onDemandHourlyUsd/],
      ['an unknown accelerator', 'unknown-accelerator', /accelerator/],
      ['an instance of another region', 'wrong-region', /priced for eu-west-1, not us-east-1/],
    ])('should reject %s', async (_case, input, message) => {
      const snapshot = await baseSnapshot();
      const [first, ...rest] = snapshot.instances;
      const corrupt: Record<string, unknown> = {
        'negative-price': { ...snapshot, instances: [{ ...first, onDemandHourlyUsd: -1 }, ...rest] },
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
    it('should build a snapshot of live prices', async () => {
      // Prepare
      server = await startFakePricingServer({ items });
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
      vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
      const client = createPricingClient('us-east-1', { maxAttempts: 1, endpoint: server.url });

      // Act
      const snapshot = await refreshSnapshot({
        region: 'us-east-1',
        client,
        now: () => Date.parse('2026-07-21T12:00:00Z'),
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
      });
      expect(parseSnapshot(JSON.stringify(snapshot))).toEqual(snapshot);
      vi.unstubAllEnvs();
    });
  });

  describe('Script: catalog-refresh', () => {
    it('should write a snapshot from the stand-in API that readSnapshot loads back', async () => {
      // Prepare
      server = await startFakePricingServer({ items, throttleFirst: 1 });
      const out = path.join(dir, 'us-east-1.json');

      // Act
      const result = await runScript(['scripts/catalog-refresh.ts', '--region', 'us-east-1', '--out', out], {
        ...awsTestEnv,
        AWS_ENDPOINT_URL_PRICING: server.url,
      });

      // Assess
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /^wrote .*us-east-1\.json: \d+ instance types \(2 priced on demand\) for us-east-1/,
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
      const result = await runScript(['scripts/catalog-refresh.ts', '--region', 'us-east-1', '--out', out], {
        ...awsTestEnv,
        AWS_ENDPOINT_URL_PRICING: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1', // the standard setting, honoured by the SDK
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Price List request for us-east-1 failed/);
      await expect(readFile(out)).rejects.toThrow();
    });
  });
});
