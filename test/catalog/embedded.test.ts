import { statSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  catalogRegions,
  embeddedCatalog,
  embeddedInstanceSpecs,
  excludedFamilies,
  findInstanceSpec,
  UnknownRegionError,
} from '../../lib/catalog/index.js';
import { findAccelerator, findCpuGeneration } from '../../lib/hardware/index.js';
import { hasReference, readReferenceCsv, repoRoot, skipReason } from './reference-data.js';

const priceIn = async (region: string, instanceType: string) => {
  const { instances } = await embeddedCatalog.getRegion(region);
  const instance = instances.find((i) => i.instanceType === instanceType);
  if (!instance) throw new Error(`${instanceType} not listed in ${region}`);
  return instance;
};

describe('Catalog: embedded', () => {
  describe('integrity', () => {
    const specs = embeddedInstanceSpecs();

    it('should list each instance type once', () => {
      const types = specs.map((s) => s.instanceType);
      expect(new Set(types).size).toBe(types.length);
    });

    it('should link every instance to a known CPU generation with the same architecture', () => {
      for (const spec of specs) {
        expect(findCpuGeneration(spec.cpu)?.architecture, spec.instanceType).toBe(spec.architecture);
      }
    });

    it('should link every accelerator instance to a known accelerator of its kind', () => {
      for (const spec of specs.filter((s) => s.acceleratorKind !== 'cpu')) {
        const accelerator = findAccelerator(spec.accelerator ?? '');
        expect(accelerator?.kind, spec.instanceType).toBe(spec.acceleratorKind);
        expect(spec.acceleratorCount, spec.instanceType).toBeGreaterThan(0);
        expect(spec.acceleratorMemoryGB, spec.instanceType).toBe(accelerator?.nominalMemoryGB);
      }
    });

    it('should give CPU instances no accelerator', () => {
      for (const spec of specs.filter((s) => s.acceleratorKind === 'cpu')) {
        expect([spec.accelerator, spec.acceleratorCount], spec.instanceType).toEqual([undefined, 0]);
      }
    });

    it('should skip fractional, graphics-only and obsolete families and bare-metal sizes', () => {
      const families = new Set(specs.map((s) => s.family));
      for (const family of Object.keys(excludedFamilies)) expect(families.has(family), family).toBe(false);
      expect(specs.filter((s) => s.instanceType.includes('.metal'))).toEqual([]);
    });

    it.each([
      // family → accelerator, as AWS sells them
      ['g4dn', 't4'],
      ['g5', 'a10g'],
      ['g5g', 't4'],
      ['g6', 'l4'],
      ['g6e', 'l40s'],
      ['g7', 'rtx-pro-4500'],
      ['g7e', 'rtx-pro-6000'],
      ['p3', 'v100'],
      ['p3dn', 'v100-32gb'],
      ['p4d', 'a100-40gb'],
      ['p4de', 'a100-80gb'],
      ['p5', 'h100'],
      ['p5e', 'h200'],
      ['p5en', 'h200'],
      ['p6-b200', 'b200'],
      ['p6-b300', 'b300'],
      ['inf2', 'inferentia2'],
      ['trn1', 'trainium'],
      ['trn1n', 'trainium'],
      ['trn2', 'trainium2'],
    ])('should cover the %s family with %s devices', (family, accelerator) => {
      const members = embeddedInstanceSpecs().filter((s) => s.family === family);
      expect(members.length).toBeGreaterThan(0);
      for (const member of members) expect(member.accelerator).toBe(accelerator);
    });

    it.each([
      ['m5', 'cascade-lake'],
      ['c6i', 'ice-lake'],
      ['m6a', 'milan'],
      ['r6g', 'graviton2'],
      ['t4g', 'graviton2'],
      ['m7i', 'sapphire-rapids'],
      ['c7a', 'genoa'],
      ['r7g', 'graviton3'],
      ['m8g', 'graviton4'],
      ['c8i', 'granite-rapids'],
      ['r8a', 'turin'],
      ['t3', 'cascade-lake'],
    ])('should cover the %s CPU family on %s hosts', (family, cpu) => {
      const members = embeddedInstanceSpecs().filter((s) => s.family === family);
      expect(members.length).toBeGreaterThan(0);
      for (const member of members) expect(member.cpu).toBe(cpu);
    });
  });

  describe('Method: findInstanceSpec', () => {
    it.each([
      // nominal memory: the EC2 API reports 22888 MiB for A10G and L4, 45776 MiB for L40S
      [
        'g5.xlarge',
        { vcpus: 4, memoryGiB: 16, accelerator: 'a10g', acceleratorCount: 1, acceleratorMemoryGB: 24 },
      ],
      [
        'g6.xlarge',
        { vcpus: 4, memoryGiB: 16, accelerator: 'l4', acceleratorCount: 1, acceleratorMemoryGB: 24 },
      ],
      [
        'g6e.xlarge',
        { vcpus: 4, memoryGiB: 32, accelerator: 'l40s', acceleratorCount: 1, acceleratorMemoryGB: 48 },
      ],
      [
        'p5.48xlarge',
        { vcpus: 192, memoryGiB: 2048, accelerator: 'h100', acceleratorCount: 8, networkGbps: 3200 },
      ],
      ['inf2.48xlarge', { acceleratorKind: 'neuron', accelerator: 'inferentia2', acceleratorCount: 12 }],
      ['c7g.large', { vcpus: 2, memoryGiB: 4, architecture: 'arm64', cpu: 'graviton3', acceleratorCount: 0 }],
    ])('should describe %s', (instanceType, expected) => {
      expect(findInstanceSpec(instanceType)).toMatchObject(expected);
    });

    it('should return undefined for types the catalog does not list', () => {
      expect(findInstanceSpec('g6f.large')).toBeUndefined();
      expect(findInstanceSpec('nope.xlarge')).toBeUndefined();
    });
  });

  describe('Method: getRegion', () => {
    it('should state its source and the date of its prices', async () => {
      const { pricing } = await embeddedCatalog.getRegion('us-east-1');
      expect(pricing).toEqual({
        source: 'embedded',
        asOf: '2026-07-20',
        region: 'us-east-1',
        currency: 'USD',
        stale: false,
      });
    });

    it.each([
      // us-east-1 on-demand Linux prices from the reference table (2026-07-20)
      ['g5.xlarge', 1.006],
      ['p5.48xlarge', 55.04], // after the mid-2025 P5 price cut (was 98.32)
      ['inf2.xlarge', 0.7582],
      ['p4d.24xlarge', 21.957642],
      ['m7i.large', 0.1008],
      ['t4g.nano', 0.0042],
    ])('should price %s at %f USD/h in us-east-1', async (instanceType, usd) => {
      expect(await priceIn('us-east-1', instanceType)).toMatchObject({
        onDemandHourlyUsd: usd,
        onDemandDerived: false,
      });
    });

    it.each([
      // real rows from the SkyPilot excerpt
      ['eu-west-1', 'g5.2xlarge', 1.35296, 0.6179],
      ['ap-south-1', 'p5.48xlarge', 66.048, 18.8933],
      ['eu-central-1', 'p4de.24xlarge', 34.29122, 8.0274],
      ['us-west-2', 'p3.2xlarge', 3.06, 0.5349],
    ])('should use the real %s row for %s', async (region, instanceType, usd, spot) => {
      expect(await priceIn(region, instanceType)).toMatchObject({
        region,
        onDemandHourlyUsd: usd,
        onDemandDerived: false,
        spotHourlyUsd: spot,
      });
    });

    it.each([
      // us-east-1 price x the region's factor; the factor basis is documented in embedded-data.ts
      ['eu-west-1', 'g5.xlarge', 1.006 * 1.0801],
      ['eu-central-1', 'm7i.large', 0.1008 * 1.2058],
      ['ap-south-1', 'm7g.large', 0.0816 * 0.6681], // Graviton is priced apart in ap-south-1
      ['ap-south-1', 'm7i.large', 0.1008 * 1.05],
      ['us-east-2', 'g6.xlarge', 0.8048],
    ])('should derive the %s price of %s and flag it', async (region, instanceType, usd) => {
      const instance = await priceIn(region, instanceType);
      expect(instance.onDemandDerived).toBe(true);
      expect(instance.onDemandHourlyUsd).toBeCloseTo(usd, 5);
      expect(instance.spotHourlyUsd).toBeUndefined();
    });

    it('should list p5e.48xlarge without an on-demand price, with the reason', async () => {
      for (const region of catalogRegions) {
        const p5e = await priceIn(region, 'p5e.48xlarge');
        expect(p5e.onDemandHourlyUsd).toBeUndefined();
        expect(p5e.unavailableReason).toMatch(/Capacity Blocks/);
      }
    });

    it('should give every other instance a positive price in every region', async () => {
      for (const region of catalogRegions) {
        const { instances } = await embeddedCatalog.getRegion(region);
        expect(instances.length).toBe(embeddedInstanceSpecs().length);
        for (const i of instances.filter((x) => x.unavailableReason === undefined)) {
          expect(i.onDemandHourlyUsd, `${i.instanceType} ${region}`).toBeGreaterThan(0);
          expect(i.region).toBe(region);
        }
      }
    });

    it('should reject a region outside regions()', async () => {
      await expect(embeddedCatalog.getRegion('mars-east-1')).rejects.toBeInstanceOf(UnknownRegionError);
    });
  });

  it('should keep the committed data compact', () => {
    const bytes = statSync(path.join(repoRoot, 'lib/catalog/embedded-data.ts')).size;
    expect(bytes).toBeLessThan(100_000);
  });

  describe('against the reference data', () => {
    beforeEach((ctx) => {
      if (!hasReference) ctx.skip(skipReason);
    });

    it('should carry every us-east-1 price and spec of the reference table', () => {
      const table = new Map(
        readReferenceCsv('aws_ec2_instances_us-east-1_2026-07.csv').map((r) => [r.instance_type, r]),
      );
      for (const spec of embeddedInstanceSpecs()) {
        const row = table.get(spec.instanceType);
        expect(row, spec.instanceType).toBeDefined();
        expect([spec.vcpus, spec.memoryGiB, spec.architecture]).toEqual([
          Number(row?.vcpu),
          Number(row?.memory_gib),
          row?.arch,
        ]);
      }
    });

    it('should match the latest us-east-1 price change of the Karpenter history', async () => {
      const latest = new Map<string, number>();
      for (const row of readReferenceCsv('karpenter_us-east-1_ondemand_price_changes.csv')) {
        latest.set(row.instance_type ?? '', Number(row.new_price_usd_hr));
      }
      const { instances } = await embeddedCatalog.getRegion('us-east-1');
      for (const i of instances) {
        const expected = latest.get(i.instanceType);
        if (expected !== undefined && i.onDemandHourlyUsd !== undefined) {
          expect(i.onDemandHourlyUsd, i.instanceType).toBe(expected);
        }
      }
    });
  });
});
