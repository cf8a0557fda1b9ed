import { beforeEach, describe, expect, it } from 'vitest';
import {
  cpuGenerationOfProcessor,
  parseGiB,
  parseNetworkGbps,
  parsePriceListItem,
  pricingEndpointRegion,
} from '../../lib/catalog/index.js';
import { onDemandTerm, priceItem, reservedTerm } from './fake-pricing-server.js';
import { hasReference, readReferenceText, skipReason } from './reference-data.js';

describe('Function: parsePriceListItem', () => {
  describe('real GetProducts items from the reference data', () => {
    beforeEach((ctx) => {
      if (!hasReference) ctx.skip(skipReason);
    });

    it('should take the OnDemand price of m5.large, its Reserved terms as commitment prices', () => {
      // Prepare: the SDK hands items over as String objects (lazy JSON) or strings
      const item = new String(
        readReferenceText('getproducts_pricelist_item_m5.large_us-east-1_ec2-instance-selector.json'),
      );

      // Act
      const result = parsePriceListItem(item);

      // Assess
      expect(result).toEqual({
        ok: true,
        offer: {
          instanceType: 'm5.large',
          onDemandHourlyUsd: 0.096,
          effectiveDate: '2021-02-01T00:00:00Z',
          vcpus: 2,
          memoryGiB: 8,
          gpuCount: 0,
          physicalProcessor: 'Intel Xeon Platinum 8175 (Skylake)',
          networkGbps: 10,
          commitments: [
            expect.objectContaining({ term: 'reserved-1yr', hourlyUsd: 0.06, derived: false }),
            expect.objectContaining({ term: 'reserved-3yr', hourlyUsd: 0.041, derived: false }),
          ],
        },
      });
    });

    it('should reject the unused-capacity-reservation price of c5ad.2xlarge', () => {
      const item = readReferenceText('getproducts_pricelist_item_c5ad.2xlarge_af-south-1_grafana.json');
      expect(parsePriceListItem(item)).toEqual({
        ok: false,
        reason: 'capacitystatus is UnusedCapacityReservation, not Used',
      });
    });
  });

  it('should read GPU facts from the attributes', () => {
    const item = priceItem({
      instanceType: 'g6e.xlarge',
      usd: '1.8610000000',
      attributes: {
        vcpu: '4',
        memory: '32 GiB',
        gpu: '1',
        gpuMemory: '48 GiB',
        physicalProcessor: 'AMD EPYC 7R13 Processor',
        networkPerformance: 'Up to 20 Gigabit',
      },
    });
    expect(parsePriceListItem(JSON.stringify(item))).toEqual({
      ok: true,
      offer: {
        instanceType: 'g6e.xlarge',
        regionCode: 'us-east-1',
        onDemandHourlyUsd: 1.861,
        effectiveDate: '2026-07-01T00:00:00Z',
        vcpus: 4,
        memoryGiB: 32,
        gpuCount: 1,
        gpuMemoryGiB: 48,
        physicalProcessor: 'AMD EPYC 7R13 Processor',
        networkGbps: 20,
      },
    });
  });

  it('should take the OnDemand price when a cheaper Reserved term sits alongside', () => {
    const item = priceItem({
      instanceType: 'g5.xlarge',
      usd: '1.006',
      terms: (sku) => ({ OnDemand: onDemandTerm(sku, '1.0060000000'), Reserved: reservedTerm(sku, '0.6') }),
    });
    expect(parsePriceListItem(item)).toMatchObject({ ok: true, offer: { onDemandHourlyUsd: 1.006 } });
  });

  it.each([
    ['Windows', { operatingSystem: 'Windows' }, 'operatingSystem is Windows, not Linux'],
    ['RHEL', { operatingSystem: 'RHEL' }, 'operatingSystem is RHEL, not Linux'],
    ['dedicated tenancy', { tenancy: 'Dedicated' }, 'tenancy is Dedicated, not Shared'],
    ['SQL Server pre-installed', { preInstalledSw: 'SQL Std' }, 'preInstalledSw is SQL Std, not NA'],
    [
      'an unused capacity reservation',
      { capacitystatus: 'UnusedCapacityReservation' },
      'capacitystatus is UnusedCapacityReservation, not Used',
    ],
    [
      'an allocated capacity reservation',
      { capacitystatus: 'AllocatedCapacityReservation' },
      'capacitystatus is AllocatedCapacityReservation, not Used',
    ],
    ['a Capacity Block', { marketoption: 'CapacityBlock' }, 'marketoption is CapacityBlock, not OnDemand'],
    [
      'a Capacity Block usage type',
      { usagetype: 'USE1-CapacityBlock:p5e.48xlarge' },
      'usage type USE1-CapacityBlock:p5e.48xlarge is not on-demand shared capacity',
    ],
    [
      'bring-your-own-license',
      { licenseModel: 'Bring your own license' },
      'licenseModel is Bring your own license, not No License required',
    ],
  ])('should reject %s', (_case, attributes, reason) => {
    const item = priceItem({ instanceType: 'p5e.48xlarge', usd: '40.0', attributes });
    expect(parsePriceListItem(item)).toEqual({ ok: false, reason });
  });

  it.each([
    ['Reserved-only terms', (sku: string) => ({ Reserved: reservedTerm(sku, '0.05') }), 'no OnDemand term'],
    [
      'a zero price',
      (sku: string) => ({ OnDemand: onDemandTerm(sku, '0.0000000000') }),
      'OnDemand term has no positive hourly USD price',
    ],
  ])('should reject %s', (_case, terms, reason) => {
    expect(parsePriceListItem(priceItem({ instanceType: 'm5.large', usd: '0', terms }))).toEqual({
      ok: false,
      reason,
    });
  });

  it.each([
    ['not JSON', '{nope', 'not a JSON object'],
    ['a JSON array', '[]', 'not a JSON object'],
    [
      'a product without an instance type',
      JSON.stringify({ product: { attributes: {} } }),
      'no instance type',
    ],
  ])('should reject %s', (_case, item, reason) => {
    expect(parsePriceListItem(item)).toEqual({ ok: false, reason });
  });
});

describe('Attribute parsers', () => {
  it.each([
    ['16 GiB', 16],
    ['0.5 GiB', 0.5],
    ['1,952 GiB', 1952],
    ['NA', undefined],
    [undefined, undefined],
  ])('parseGiB(%s) = %s', (value, expected) => {
    expect(parseGiB(value)).toBe(expected);
  });

  it.each([
    ['Up to 12.5 Gigabit', 12.5],
    ['25 Gigabit', 25],
    ['3200 Gigabit', 3200],
    ['Moderate', undefined],
  ])('parseNetworkGbps(%s) = %s', (value, expected) => {
    expect(parseNetworkGbps(value)).toBe(expected);
  });

  it.each([
    ['AWS Graviton3 Processor', 'graviton3'],
    ['Intel Xeon Platinum 8488C', 'sapphire-rapids'],
    ['Intel Xeon Platinum 8375C (Ice Lake)', 'ice-lake'],
    ['Intel Xeon Platinum 8259CL', 'cascade-lake'],
    ['AMD EPYC 7R13 Processor', 'milan'],
    ['AMD EPYC 9R14 Processor', 'genoa'],
    ['Intel Xeon E5-2686 v4 (Broadwell)', undefined],
  ])('cpuGenerationOfProcessor(%s) = %s', (processor, expected) => {
    expect(cpuGenerationOfProcessor(processor)).toBe(expected);
  });
});

describe('Function: pricingEndpointRegion', () => {
  it.each([
    ['us-east-1', 'us-east-1'],
    ['us-west-2', 'us-east-1'],
    ['ca-central-1', 'us-east-1'],
    ['sa-east-1', 'us-east-1'],
    ['eu-west-1', 'eu-central-1'],
    ['eu-central-1', 'eu-central-1'],
    ['ap-northeast-1', 'ap-south-1'],
    ['ap-south-1', 'ap-south-1'],
  ])('should call the Pricing endpoint nearest %s: %s', (region, endpointRegion) => {
    expect(pricingEndpointRegion(region)).toBe(endpointRegion);
  });
});
