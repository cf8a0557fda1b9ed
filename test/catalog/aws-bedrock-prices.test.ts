import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  bedrockFilters,
  createAwsPriceListSource,
  createCatalogSource,
  createPricingClient,
  embeddedManagedCatalog,
  fetchBedrockPrices,
} from '../../lib/catalog/index.js';
import {
  bedrockCatalogItems,
  deadEndpoint,
  type FakePricingServer,
  priceItem,
  startFakePricingServer,
  stubAwsTestEnv,
} from './fake-pricing-server.js';

const fastClient = { maxAttempts: 3, requestTimeoutMs: 1_000, connectionTimeoutMs: 500 };
/** The Bedrock offer and an EC2 item: a request for one service must never see the other's items. */
const items = [...bedrockCatalogItems(), priceItem({ instanceType: 'g5.xlarge', usd: '1.006' })];
const now = () => Date.parse('2026-07-21T10:00:00Z');

describe('Catalog: Amazon Bedrock prices from the Price List', () => {
  let server: FakePricingServer | undefined;

  beforeEach(() => stubAwsTestEnv());
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  describe('Function: fetchBedrockPrices', () => {
    it('should read every AmazonBedrock page of the region through the real SDK client, retrying throttling', async () => {
      // Prepare
      server = await startFakePricingServer({ items, pageSize: 4, throttleFirst: 1 });
      vi.stubEnv('AWS_ENDPOINT_URL_PRICING', server.url);
      const client = createPricingClient('us-east-1', fastClient);

      // Act
      const result = await fetchBedrockPrices({ client, region: 'us-east-1', now });

      // Assess
      expect(
        result.prices.map((p) => [p.model, p.inputPerMillionUsd, p.outputPerMillionUsd, p.batchDerived]),
      ).toEqual([
        ['llama-3.1-70b', 0.72, 0.72, true],
        ['llama-3.1-8b', 0.22, 0.22, true],
        ['llama-3.2-3b', 0.15, 0.15, true],
        ['mixtral-8x7b', 0.45, 0.7, false],
      ]);
      expect(result.prices[1]).toMatchObject({
        asOf: '2026-07-21T10:00:00.000Z',
        source: expect.stringMatching(/^AWS Price List API \(AmazonBedrock\)/),
      });
      expect(result.rejected).toEqual({
        'flex tier': 1,
        'priority tier': 1,
        'latency-optimized inference': 1,
        'provisioned throughput': 1,
        'prompt cache read or write': 2,
        'cross-region inference': 1,
        'model customization': 1,
        'OnDemand term has no positive USD price': 1,
      });
      expect(result.rows.some((r) => r.model === 'Nova Micro')).toBe(true); // read, not priced
      expect(result.items).toBe(21); // us-east-1 products only
      expect(result.pages).toBe(6);
      expect(server.requests).toHaveLength(7); // one throttled
      for (const request of server.requests) {
        expect(request.target).toBe('AWSPriceListService.GetProducts');
        expect(request.body).toMatchObject({
          ServiceCode: 'AmazonBedrock',
          Filters: bedrockFilters('us-east-1'),
        });
      }
    });

    it('should ask AmazonBedrockFoundationModels too when told, parsing its per-1M rows alike', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      const client = createPricingClient('us-east-1', { ...fastClient, endpoint: server.url });

      const result = await fetchBedrockPrices({
        client,
        region: 'us-east-1',
        serviceCodes: ['AmazonBedrock', 'AmazonBedrockFoundationModels'],
        now,
      });

      expect(server.requests.map((r) => r.body.ServiceCode)).toEqual([
        'AmazonBedrock',
        'AmazonBedrockFoundationModels',
      ]);
      expect(result.prices).toHaveLength(4);
    });

    it('should answer prices: [] for a region where Bedrock sells nothing', async () => {
      server = await startFakePricingServer({ items });
      const client = createPricingClient('sa-east-1', { ...fastClient, endpoint: server.url });
      expect(await fetchBedrockPrices({ client, region: 'sa-east-1', now })).toMatchObject({
        prices: [],
        items: 0,
      });
    });
  });

  describe('Method: getManagedPrices (live source)', () => {
    it('should answer live prices and cache them per region for the TTL', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      let clock = now();
      const source = createAwsPriceListSource({
        clientOptions: { ...fastClient, endpoint: server.url },
        ttlMs: 60_000,
        now: () => clock,
      });

      const { prices, pricing } = await source.getManagedPrices('us-west-2');

      expect(pricing).toEqual({
        source: 'aws-price-list',
        asOf: '2026-07-21T10:00:00.000Z',
        region: 'us-west-2',
        currency: 'USD',
        stale: false,
      });
      expect(prices.map((p) => p.model)).toEqual(['deepseek-v3', 'llama-3.1-8b']);
      await source.getManagedPrices('us-west-2');
      expect(server.requests).toHaveLength(1);
      clock += 61_000;
      await source.getManagedPrices('us-west-2');
      expect(server.requests).toHaveLength(2);
    });

    it('should keep the EC2 and Bedrock caches apart', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      const source = createAwsPriceListSource({ clientOptions: { ...fastClient, endpoint: server.url } });

      const [regional, managed] = await Promise.all([
        source.getRegion('us-east-1'),
        source.getManagedPrices('us-east-1'),
      ]);

      expect(regional.pricing.source).toBe('aws-price-list');
      expect(managed.prices.length).toBe(4);
      expect(server.requests.map((r) => r.body.ServiceCode).sort()).toEqual(['AmazonBedrock', 'AmazonEC2']);
    });

    it('should share one request among concurrent callers', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      const source = createAwsPriceListSource({ clientOptions: { ...fastClient, endpoint: server.url } });
      const [a, b] = await Promise.all([
        source.getManagedPrices('us-east-1'),
        source.getManagedPrices('us-east-1'),
      ]);
      expect(a).toBe(b);
      expect(server.requests).toHaveLength(1);
    });

    it('should fall back to the embedded table, stale, when the endpoint is dead', async () => {
      const source = createAwsPriceListSource({
        clientOptions: { ...fastClient, maxAttempts: 2, endpoint: await deadEndpoint() },
      });

      const { prices, pricing } = await source.getManagedPrices('us-east-1');

      expect(prices).toEqual(embeddedManagedCatalog('us-east-1').prices);
      expect(pricing).toMatchObject({
        source: 'embedded',
        asOf: '2026-09',
        region: 'us-east-1',
        stale: true,
      });
      expect(pricing.staleReason).toMatch(
        /^Live AWS Price List unavailable \(Price List request for AmazonBedrock in us-east-1 failed.*; embedded prices$/,
      );
    });

    it('should keep serving the last live prices, stale, when a refresh fails', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      let clock = now();
      const source = createAwsPriceListSource({
        clientOptions: { ...fastClient, maxAttempts: 1, endpoint: server.url },
        ttlMs: 1_000,
        now: () => clock,
      });
      const live = await source.getManagedPrices('us-east-1');
      await server.close();
      server = undefined;
      clock += 2_000;

      const { prices, pricing } = await source.getManagedPrices('us-east-1');

      expect(prices).toBe(live.prices);
      expect(pricing).toMatchObject({
        source: 'aws-price-list',
        stale: true,
        staleReason: expect.stringMatching(/last live prices$/),
      });
    });

    it('should reject a region outside regions()', async () => {
      const source = createAwsPriceListSource({ clientOptions: { endpoint: 'http://127.0.0.1:9' } });
      await expect(source.getManagedPrices('mars-east-1')).rejects.toThrow(/Unknown region "mars-east-1"/);
    });

    it('should be what PRICING_SOURCE=aws serves', async () => {
      server = await startFakePricingServer({ items, pageSize: 100 });
      vi.stubEnv('AWS_ENDPOINT_URL_PRICING', server.url);
      const source = createCatalogSource({
        env: { PRICING_SOURCE: 'aws' },
        aws: { clientOptions: fastClient },
      });
      expect((await source.getManagedPrices('us-east-1')).pricing).toMatchObject({
        source: 'aws-price-list',
        stale: false,
      });
    });
  });
});
