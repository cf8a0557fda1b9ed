import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAwsPriceListSource,
  createCatalogSource,
  createPricingClient,
  embeddedCatalog,
  fetchOnDemandOffers,
  onDemandLinuxFilters,
  type PricedInstance,
} from '../../lib/catalog/index.js';
import {
  deadEndpoint,
  type FakePricingServer,
  onDemandTerm,
  priceItem,
  reservedTerm,
  startFakePricingServer,
  stubAwsTestEnv,
} from './fake-pricing-server.js';

const gpu = (count: string, memory: string) => ({ gpu: count, gpuMemory: memory });

/** What us-east-1 "sells" on the stand-in: real offers, then decoys. */
const items = [
  priceItem({
    instanceType: 'g5.xlarge',
    usd: '1.006',
    attributes: { vcpu: '4', memory: '16 GiB', ...gpu('1', '24 GiB'), physicalProcessor: 'AMD EPYC 7R32' },
    // a cheaper Reserved term alongside: the on-demand price is the OnDemand term's; the Reserved one
    // is the 1-yr commitment price
    terms: (sku) => ({
      OnDemand: onDemandTerm(sku, '1.0060000000'),
      Reserved: reservedTerm(sku, '0.6330000000'),
    }),
  }),
  priceItem({ instanceType: 'm7i.large', usd: '0.1008000000', attributes: { vcpu: '2', memory: '8 GiB' } }),
  priceItem({
    instanceType: 'p5.48xlarge',
    usd: '55.0400000000',
    attributes: { vcpu: '192', memory: '2048 GiB' },
  }),
  priceItem({ instanceType: 'g6.xlarge', usd: '0.8048000000', attributes: { vcpu: '4', memory: '16 GiB' } }),
  // a type the embedded catalog does not list, with parseable specs: taken from its attributes
  priceItem({
    instanceType: 'c7i-flex.large',
    usd: '0.0847900000',
    attributes: {
      vcpu: '2',
      memory: '4 GiB',
      physicalProcessor: 'Intel Xeon Platinum 8488C',
      networkPerformance: 'Up to 12.5 Gigabit',
    },
  }),
  // an unknown GPU family: the Price List does not name the GPU, so it is skipped
  priceItem({
    instanceType: 'g9x.xlarge',
    usd: '2.5',
    attributes: { vcpu: '4', memory: '16 GiB', ...gpu('1', '32 GiB') },
  }),
  // decoys that pass the filters: only the parser can reject them
  priceItem({
    instanceType: 'm5.large',
    usd: '0',
    terms: (sku) => ({ Reserved: reservedTerm(sku, '0.06') }),
  }),
  priceItem({ instanceType: 'm6i.large', usd: '0.0000000000' }),
  // decoys the request filters exclude (the stand-in honours filters like the real API)
  priceItem({ instanceType: 'g5.xlarge', usd: '1.5', attributes: { operatingSystem: 'Windows' } }),
  priceItem({
    instanceType: 'g5.xlarge',
    usd: '0.5',
    attributes: { capacitystatus: 'UnusedCapacityReservation' },
  }),
  priceItem({
    instanceType: 'g5.xlarge',
    usd: '0.5',
    attributes: { capacitystatus: 'AllocatedCapacityReservation' },
  }),
  priceItem({ instanceType: 'p5e.48xlarge', usd: '31.464', attributes: { marketoption: 'CapacityBlock' } }),
  priceItem({ instanceType: 'm7i.large', usd: '0.11', attributes: { tenancy: 'Dedicated' } }),
  priceItem({
    instanceType: 'm7i.large',
    usd: '0.2',
    attributes: { licenseModel: 'Bring your own license' },
  }),
  priceItem({ instanceType: 'm7i.large', usd: '0.1121', attributes: { regionCode: 'eu-west-1' } }),
];

const g5Reserved = [
  {
    term: 'reserved-1yr',
    hourlyUsd: 0.633,
    paymentOption: 'No Upfront',
    derived: false,
    source: 'AWS Price List Reserved term 4NA7Y494T4 (1yr, standard, No Upfront)',
  },
];

const expectedOffers = [
  {
    instanceType: 'g5.xlarge',
    regionCode: 'us-east-1',
    onDemandHourlyUsd: 1.006,
    effectiveDate: '2026-07-01T00:00:00Z',
    vcpus: 4,
    memoryGiB: 16,
    gpuCount: 1,
    gpuMemoryGiB: 24,
    physicalProcessor: 'AMD EPYC 7R32',
    commitments: g5Reserved,
  },
  {
    instanceType: 'm7i.large',
    regionCode: 'us-east-1',
    onDemandHourlyUsd: 0.1008,
    effectiveDate: '2026-07-01T00:00:00Z',
    vcpus: 2,
    memoryGiB: 8,
    gpuCount: 0,
  },
  {
    instanceType: 'p5.48xlarge',
    regionCode: 'us-east-1',
    onDemandHourlyUsd: 55.04,
    effectiveDate: '2026-07-01T00:00:00Z',
    vcpus: 192,
    memoryGiB: 2048,
    gpuCount: 0,
  },
  {
    instanceType: 'g6.xlarge',
    regionCode: 'us-east-1',
    onDemandHourlyUsd: 0.8048,
    effectiveDate: '2026-07-01T00:00:00Z',
    vcpus: 4,
    memoryGiB: 16,
    gpuCount: 0,
  },
  {
    instanceType: 'c7i-flex.large',
    regionCode: 'us-east-1',
    onDemandHourlyUsd: 0.08479,
    effectiveDate: '2026-07-01T00:00:00Z',
    vcpus: 2,
    memoryGiB: 4,
    gpuCount: 0,
    physicalProcessor: 'Intel Xeon Platinum 8488C',
    networkGbps: 12.5,
  },
  {
    instanceType: 'g9x.xlarge',
    regionCode: 'us-east-1',
    onDemandHourlyUsd: 2.5,
    effectiveDate: '2026-07-01T00:00:00Z',
    vcpus: 4,
    memoryGiB: 16,
    gpuCount: 1,
    gpuMemoryGiB: 32,
  },
];

/** Small retries and timeouts keep every failure case to a second or two. */
const fastClient = { maxAttempts: 3, requestTimeoutMs: 1_000, connectionTimeoutMs: 500 };

const find = (instances: readonly PricedInstance[], type: string) =>
  instances.find((i) => i.instanceType === type);

describe('Catalog: AWS Price List source', () => {
  let server: FakePricingServer | undefined;

  beforeEach(() => {
    stubAwsTestEnv();
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  describe('Function: fetchOnDemandOffers', () => {
    it('should read every page through the real SDK client, retry throttling and reject decoys', async () => {
      // Prepare
      server = await startFakePricingServer({ items, pageSize: 3, throttleFirst: 1 });
      vi.stubEnv('AWS_ENDPOINT_URL_PRICING', server.url);
      const client = createPricingClient('us-east-1', fastClient);

      // Act
      const result = await fetchOnDemandOffers({ client, region: 'us-east-1' });

      // Assess
      expect(result).toEqual({
        offers: expectedOffers,
        rejected: { 'no OnDemand term': 1, 'OnDemand term has no positive hourly USD price': 1 },
        pages: 3,
      });
      expect(server.requests).toHaveLength(4); // one throttled, then three pages
      for (const request of server.requests) {
        expect(request.target).toBe('AWSPriceListService.GetProducts');
        expect(request.contentType).toBe('application/x-amz-json-1.1');
        expect(request.authorization).toMatch(
          /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/pricing\//,
        );
        expect(request.body).toMatchObject({
          ServiceCode: 'AmazonEC2',
          Filters: onDemandLinuxFilters('us-east-1'),
        });
      }
      expect(server.requests.map((r) => r.body.NextToken === undefined)).toEqual([true, true, false, false]);
    });

    it('should send exactly the on-demand Linux filters', () => {
      expect(onDemandLinuxFilters('eu-west-1')).toEqual([
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
        { Type: 'TERM_MATCH', Field: 'marketoption', Value: 'OnDemand' },
        { Type: 'TERM_MATCH', Field: 'licenseModel', Value: 'No License required' },
      ]);
    });
  });

  describe('Method: getRegion', () => {
    it('should join live prices with the embedded specs and cache them per region', async () => {
      // Prepare
      server = await startFakePricingServer({ items, pageSize: 4 });
      let now = Date.parse('2026-07-21T10:00:00Z');
      const source = createAwsPriceListSource({
        clientOptions: { ...fastClient, endpoint: server.url },
        ttlMs: 60_000,
        now: () => now,
      });

      // Act
      const { instances, pricing } = await source.getRegion('us-east-1');

      // Assess
      expect(pricing).toEqual({
        source: 'aws-price-list',
        asOf: '2026-07-21T10:00:00.000Z',
        region: 'us-east-1',
        currency: 'USD',
        stale: false,
      });
      expect(find(instances, 'g5.xlarge')).toEqual({
        ...embeddedCatalog.findInstanceSpec('g5.xlarge'),
        region: 'us-east-1',
        onDemandHourlyUsd: 1.006,
        onDemandDerived: false,
        commitments: g5Reserved,
      });
      // an item without Reserved terms: no commitment price (the embedded derived ones are not mixed in)
      expect(find(instances, 'm7i.large')?.commitments).toBeUndefined();
      expect(find(instances, 'p5.48xlarge')?.onDemandHourlyUsd).toBe(55.04);
      expect(find(instances, 'c7i-flex.large')).toEqual({
        instanceType: 'c7i-flex.large',
        family: 'c7i-flex',
        vcpus: 2,
        memoryGiB: 4,
        architecture: 'x86_64',
        cpu: 'sapphire-rapids',
        acceleratorKind: 'cpu',
        acceleratorCount: 0,
        networkGbps: 12.5,
        region: 'us-east-1',
        onDemandHourlyUsd: 0.08479,
        onDemandDerived: false,
      });
      expect(find(instances, 'g9x.xlarge')).toBeUndefined();
      expect(find(instances, 'p5e.48xlarge')).toMatchObject({
        unavailableReason: expect.stringMatching(/Capacity Blocks/),
      });
      expect(find(instances, 'p5e.48xlarge')?.onDemandHourlyUsd).toBeUndefined();
      expect(find(instances, 'm5.large')?.onDemandHourlyUsd).toBeUndefined();
      expect(find(instances, 'm5.large')?.unavailableReason).toBe(
        'No on-demand Linux price for us-east-1 in the AWS Price List: not offered there.',
      );

      // Act: within the TTL the cache answers; after it the API is asked again
      const requestsAfterFirst = server.requests.length;
      await source.getRegion('us-east-1');
      expect(server.requests.length).toBe(requestsAfterFirst);
      now += 61_000;
      await source.getRegion('us-east-1');
      expect(server.requests.length).toBe(2 * requestsAfterFirst);
    });

    it('should share one request among concurrent callers', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      const source = createAwsPriceListSource({ clientOptions: { ...fastClient, endpoint: server.url } });
      const [a, b] = await Promise.all([source.getRegion('us-east-1'), source.getRegion('us-east-1')]);
      expect(a).toBe(b);
      expect(server.requests).toHaveLength(1);
    });

    it('should fall back to the embedded catalog, stale, when the endpoint is dead', async () => {
      const started = Date.now();
      const source = createAwsPriceListSource({
        clientOptions: { ...fastClient, maxAttempts: 2, endpoint: await deadEndpoint() },
      });

      const { instances, pricing } = await source.getRegion('us-east-1');

      expect(pricing).toMatchObject({
        source: 'embedded',
        asOf: '2026-07-20',
        region: 'us-east-1',
        stale: true,
      });
      expect(pricing.staleReason).toMatch(
        /^Live AWS Price List unavailable \(Price List request for us-east-1 failed/,
      );
      expect(instances).toEqual((await embeddedCatalog.getRegion('us-east-1')).instances);
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('should fall back, stale, when a request times out', async () => {
      server = await startFakePricingServer({ items, hang: true });
      const started = Date.now();
      const source = createAwsPriceListSource({
        clientOptions: { maxAttempts: 1, requestTimeoutMs: 200, endpoint: server.url },
        deadlineMs: 2_000,
      });

      const { pricing } = await source.getRegion('us-east-1');

      expect(pricing).toMatchObject({ source: 'embedded', stale: true });
      expect(pricing.staleReason).toMatch(/requestTimeout|timed? ?out/i);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('should fall back, stale, when all pages take longer than the overall deadline', async () => {
      server = await startFakePricingServer({ items, pageSize: 1, delayMs: 150 });
      const started = Date.now();
      const source = createAwsPriceListSource({
        clientOptions: { ...fastClient, endpoint: server.url },
        deadlineMs: 400,
      });

      const { pricing } = await source.getRegion('us-east-1');

      expect(pricing).toMatchObject({ source: 'embedded', stale: true });
      expect(pricing.staleReason).toMatch(/exceeded its 400 ms deadline/);
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('should fall back, stale, when the API has no on-demand offer for the region', async () => {
      server = await startFakePricingServer({ items }); // no item is in ap-northeast-1
      const source = createAwsPriceListSource({ clientOptions: { ...fastClient, endpoint: server.url } });

      const { pricing } = await source.getRegion('ap-northeast-1');

      expect(pricing).toMatchObject({ source: 'embedded', region: 'ap-northeast-1', stale: true });
      expect(pricing.staleReason).toMatch(/no on-demand Linux offer for ap-northeast-1/);
    });

    it('should keep serving the last live prices, stale, when a refresh fails', async () => {
      // Prepare: one good answer, then the endpoint goes away and the TTL passes
      server = await startFakePricingServer({ items, pageSize: 100 });
      let now = Date.parse('2026-07-21T10:00:00Z');
      const source = createAwsPriceListSource({
        clientOptions: { ...fastClient, maxAttempts: 1, endpoint: server.url },
        ttlMs: 1_000,
        now: () => now,
      });
      const live = await source.getRegion('us-east-1');
      await server.close();
      server = undefined;
      now += 2_000;

      // Act
      const { instances, pricing } = await source.getRegion('us-east-1');

      // Assess
      expect(instances).toBe(live.instances);
      expect(pricing).toMatchObject({
        source: 'aws-price-list',
        asOf: '2026-07-21T10:00:00.000Z',
        stale: true,
      });
      expect(pricing.staleReason).toMatch(/last live prices$/);
    });
  });

  describe('Function: createCatalogSource', () => {
    it.each([
      [{}, 'embedded'],
      [{ PRICING_SOURCE: 'embedded' }, 'embedded'],
      [{ PRICING_SOURCE: 'aws' }, 'aws'],
    ])('should pick the source from %o', (env, expected) => {
      const source = createCatalogSource({ env });
      expect(source === embeddedCatalog ? 'embedded' : 'aws').toBe(expected);
    });

    it('should use the standard endpoint override for PRICING_SOURCE=aws', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      vi.stubEnv('AWS_ENDPOINT_URL_PRICING', server.url);
      const source = createCatalogSource({
        env: { PRICING_SOURCE: 'aws' },
        aws: { clientOptions: fastClient },
      });

      const { pricing } = await source.getRegion('us-east-1');

      expect(pricing).toMatchObject({ source: 'aws-price-list', stale: false });
      expect(server.requests).toHaveLength(1);
    });

    it.each([
      [{ PRICING_SOURCE: 'azure' }, /Unknown PRICING_SOURCE "azure"/],
      [{ PRICING_SOURCE: 'snapshot' }, /needs PRICING_SNAPSHOT_FILE/],
    ])('should refuse a misconfiguration: %o', (env, message) => {
      expect(() => createCatalogSource({ env })).toThrow(message);
    });
  });
});
