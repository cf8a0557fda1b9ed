/**
 * Price List faults for the Amazon Bedrock products, through `getManagedPrices` of the live source
 * pointed at a local endpoint that throttles, times out, hangs, answers garbage or is not there. The
 * answer still comes, from the embedded Bedrock table, with `pricing.stale: true` and the reason,
 * never a rejection. Small SDK timeouts and deadlines keep every case to a second or two.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AwsPriceListSourceOptions,
  createAwsPriceListSource,
  embeddedManagedCatalog,
} from '../../lib/catalog/index.js';
import {
  bedrockCatalogItems,
  bedrockItem,
  deadEndpoint,
  type FakePricingServer,
  startFakePricingServer,
  stubAwsTestEnv,
} from '../catalog/fake-pricing-server.js';
import { awsError, priceListPage, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const fast = { maxAttempts: 2, requestTimeoutMs: 300, connectionTimeoutMs: 300 };

function sourceAt(endpoint: string, options: Partial<AwsPriceListSourceOptions> = {}) {
  return createAwsPriceListSource({ clientOptions: { ...fast, endpoint }, deadlineMs: 2_000, ...options });
}

const embedded = embeddedManagedCatalog('us-east-1').prices;
const goodItems = () => bedrockCatalogItems().map((item) => JSON.stringify(item));

let fake: FakePricingServer | undefined;
let scripted: ScriptedServer | undefined;

beforeEach(() => stubAwsTestEnv());
afterEach(async () => {
  vi.unstubAllEnvs();
  await fake?.close();
  await scripted?.close();
  fake = undefined;
  scripted = undefined;
});

describe('Faults: the Bedrock Price List fails, managed prices still come', () => {
  it('a healthy endpoint gives live prices (the baseline the faults depart from)', async () => {
    fake = await startFakePricingServer({ items: bedrockCatalogItems(), pageSize: 5 });
    const { prices, pricing } = await sourceAt(fake.url).getManagedPrices('us-east-1');
    expect(pricing).toMatchObject({ source: 'aws-price-list', stale: false });
    expect(prices.map((p) => p.model)).toContain('llama-3.1-8b');
  });

  it('throttling once is retried: live prices', async () => {
    fake = await startFakePricingServer({ items: bedrockCatalogItems(), throttleFirst: 1, pageSize: 100 });
    expect((await sourceAt(fake.url).getManagedPrices('us-east-1')).pricing).toMatchObject({
      source: 'aws-price-list',
      stale: false,
    });
  });

  it.each([
    {
      case: 'throttling that outlasts the retries',
      answer: () => awsError('ThrottlingException', 'Rate exceeded'),
      reason: /Throttling|Rate exceeded/,
    },
    {
      case: 'a 500 on every request',
      answer: () => awsError('InternalErrorException', 'internal failure', 500),
      reason: /InternalError|internal failure/,
    },
    {
      case: 'access denied',
      answer: () => awsError('AccessDeniedException', 'not authorized to perform pricing:GetProducts', 403),
      reason: /AccessDenied|not authorized/,
    },
    {
      case: 'a body that is not JSON',
      answer: () => ({ status: 200, body: '<html>gateway error</html>' }),
      reason: /Price List/,
    },
    {
      case: 'every item malformed or a decoy (not JSON, empty, no model, zero price, flex, cache)',
      answer: () =>
        ({
          status: 200,
          body: priceListPage([
            'not json',
            '{}',
            '{"product":{"attributes":{"regionCode":"us-east-1"}},"serviceCode":"AmazonBedrock"}',
            JSON.stringify(bedrockItem({ model: 'Llama 3.1 8B Instruct', usd: '0' })),
            JSON.stringify(bedrockItem({ model: 'Llama 3.1 8B Instruct', usd: '-1' })),
            JSON.stringify(
              bedrockItem({
                model: 'Llama 3.1 8B Instruct',
                inferenceType: 'Input tokens flex',
                usd: '0.0001',
              }),
            ),
            JSON.stringify(
              bedrockItem({
                model: 'Llama 3.1 8B Instruct',
                inferenceType: 'Prompt cache read input tokens',
                usd: '0.0001',
              }),
            ),
          ]),
        }) as const,
      reason: /no Amazon Bedrock token price for us-east-1/,
    },
    {
      case: 'a PriceList that is not an array',
      answer: () => ({ status: 200, body: JSON.stringify({ FormatVersion: 'aws_v1', PriceList: 'oops' }) }),
      reason: /Price List/,
    },
    {
      case: 'a dropped connection',
      answer: () => 'drop-connection' as const,
      reason: /Price List/,
    },
    {
      case: 'an answer slower than the request timeout',
      answer: () => 'hang' as const,
      reason: /timed? ?out|timeout|deadline/i,
    },
  ])('$case: the embedded Bedrock table, stale, with the reason', async ({ answer, reason }) => {
    scripted = await startScriptedServer(answer);
    const { prices, pricing } = await sourceAt(scripted.url).getManagedPrices('us-east-1');
    expect(pricing).toMatchObject({ source: 'embedded', region: 'us-east-1', stale: true });
    expect(pricing.staleReason).toMatch(/^Live AWS Price List unavailable/);
    expect(pricing.staleReason).toMatch(reason);
    expect(prices).toEqual(embedded);
  });

  it('pagination that never ends: stopped by the deadline, embedded table, stale', async () => {
    const item = JSON.stringify(bedrockItem({ model: 'Llama 3.1 8B Instruct', usd: '0.00022' }));
    scripted = await startScriptedServer((n) => ({
      status: 200,
      body: priceListPage([item], `page-${n + 1}`),
    }));
    const started = Date.now();
    const { pricing } = await sourceAt(scripted.url, { deadlineMs: 500 }).getManagedPrices('us-east-1');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pricing).toMatchObject({ source: 'embedded', stale: true });
    expect(pricing.staleReason).toMatch(/deadline|pages/);
  });

  it('a dead endpoint: the embedded table, stale, quickly', async () => {
    const started = Date.now();
    const { prices, pricing } = await sourceAt(await deadEndpoint()).getManagedPrices('us-west-2');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pricing).toMatchObject({ source: 'embedded', region: 'us-west-2', stale: true });
    expect(prices.map((p) => p.model)).toContain('deepseek-v3');
  });

  it('a dead endpoint in a region the table has no row for: prices: [], stale, with the reason', async () => {
    const { prices, pricing } = await sourceAt(await deadEndpoint()).getManagedPrices('eu-central-1');
    expect(prices).toEqual([]);
    expect(pricing).toMatchObject({
      source: 'embedded',
      stale: true,
      staleReason: expect.stringMatching(/ECONNREFUSED|connect|Price List/),
    });
  });

  it('some malformed items among good ones: live prices from the good ones', async () => {
    scripted = await startScriptedServer(() => ({
      status: 200,
      body: priceListPage(['not json', '{}', ...goodItems(), '{"terms":null}']),
    }));
    const { prices, pricing } = await sourceAt(scripted.url).getManagedPrices('us-east-1');
    expect(pricing).toMatchObject({ source: 'aws-price-list', stale: false });
    expect(prices.find((p) => p.model === 'llama-3.1-8b')?.inputPerMillionUsd).toBe(0.22);
  });

  it('a failure is remembered for failureTtlMs: the next call does not wait on the dead endpoint again', async () => {
    scripted = await startScriptedServer(() => 'hang');
    const source = sourceAt(scripted.url, { failureTtlMs: 60_000 });
    await source.getManagedPrices('us-east-1');
    const seen = scripted.requests.length;
    const started = Date.now();
    const again = await source.getManagedPrices('us-east-1');
    expect(Date.now() - started).toBeLessThan(250);
    expect(scripted.requests.length).toBe(seen);
    expect(again.pricing.stale).toBe(true);
  });
});
