/**
 * Price List faults, through the API: POST /v1/plans over `createAwsPriceListSource` pointed at a
 * local endpoint that throttles, times out, hangs, answers garbage or is not there at all. The plan
 * still comes, from the embedded catalog, with `pricing.stale: true` and the reason (DESIGN §6).
 * Small SDK timeouts and deadlines keep every case to a second or two.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AwsPriceListSourceOptions,
  createAwsPriceListSource,
  embeddedCatalog,
} from '../../lib/catalog/index.js';
import {
  deadEndpoint,
  type FakePricingServer,
  priceItem,
  startFakePricingServer,
  stubAwsTestEnv,
} from '../catalog/fake-pricing-server.js';
import { planThrough } from './plan-request.js';
import { awsError, priceListPage, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const fast = { maxAttempts: 2, requestTimeoutMs: 300, connectionTimeoutMs: 300 };

function sourceAt(endpoint: string, options: Partial<AwsPriceListSourceOptions> = {}) {
  return createAwsPriceListSource({ clientOptions: { ...fast, endpoint }, deadlineMs: 2_000, ...options });
}

/** Every us-east-1 instance of the embedded catalog, priced 10% above it, as Price List items. */
async function liveItems() {
  const { instances } = await embeddedCatalog.getRegion('us-east-1');
  return instances
    .filter((i) => i.onDemandHourlyUsd !== undefined)
    .map((i) =>
      priceItem({
        instanceType: i.instanceType,
        usd: ((i.onDemandHourlyUsd ?? 0) * 1.1).toFixed(4),
        attributes: { vcpu: String(i.vcpus), memory: `${i.memoryGiB} GiB` },
      }),
    );
}

const embeddedPlan = () => planThrough(embeddedCatalog);

let fake: FakePricingServer | undefined;
let scripted: ScriptedServer | undefined;

beforeEach(() => {
  stubAwsTestEnv();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake?.close();
  await scripted?.close();
  fake = undefined;
  scripted = undefined;
});

describe('Faults: the live Price List fails, the plan still comes', () => {
  it('a healthy endpoint gives live prices (the baseline the faults depart from)', async () => {
    fake = await startFakePricingServer({ items: await liveItems(), pageSize: 100 });
    const plan = await planThrough(sourceAt(fake.url));
    expect(plan.pricing).toMatchObject({ source: 'aws-price-list', stale: false });
    expect(plan.recommendation.hourlyUsd).toBeGreaterThan((await embeddedPlan()).recommendation.hourlyUsd);
  });

  it('throttling once is retried: live prices', async () => {
    fake = await startFakePricingServer({ items: await liveItems(), pageSize: 100, throttleFirst: 1 });
    const plan = await planThrough(sourceAt(fake.url));
    expect(plan.pricing).toMatchObject({ source: 'aws-price-list', stale: false });
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
      case: 'every item malformed (not JSON, empty, no terms, zero price)',
      answer: () =>
        ({
          status: 200,
          body: priceListPage([
            'not json',
            '{}',
            '{"product":{"attributes":{"instanceType":"g5.xlarge"}}}',
            JSON.stringify(priceItem({ instanceType: 'g5.xlarge', usd: '0' })),
            JSON.stringify(priceItem({ instanceType: 'g5.xlarge', usd: '-1' })),
            JSON.stringify(priceItem({ instanceType: 'g5.xlarge', usd: 'NaN' })),
          ]),
        }) as const,
      reason: /no on-demand Linux offer/,
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
  ])('$case: embedded prices, stale, with the reason', async ({ answer, reason }) => {
    scripted = await startScriptedServer(answer);
    const plan = await planThrough(sourceAt(scripted.url));
    expect(plan.pricing).toMatchObject({ source: 'embedded', region: 'us-east-1', stale: true });
    expect(plan.pricing.staleReason).toMatch(/^Live AWS Price List unavailable/);
    expect(plan.pricing.staleReason).toMatch(reason);
    expect(plan.recommendation).toEqual((await embeddedPlan()).recommendation);
  });

  it('pagination that never ends: stopped by the deadline, embedded prices, stale', async () => {
    const item = JSON.stringify(
      priceItem({ instanceType: 'm7i.large', usd: '0.1', attributes: { vcpu: '2' } }),
    );
    scripted = await startScriptedServer((n) => ({
      status: 200,
      body: priceListPage([item], `page-${n + 1}`),
    }));
    const started = Date.now();
    const plan = await planThrough(sourceAt(scripted.url, { deadlineMs: 500 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(plan.pricing).toMatchObject({ source: 'embedded', stale: true });
    expect(plan.pricing.staleReason).toMatch(/deadline|pages/);
  });

  it('a dead endpoint: embedded prices, stale, quickly', async () => {
    const started = Date.now();
    const plan = await planThrough(sourceAt(await deadEndpoint()));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(plan.pricing).toMatchObject({ source: 'embedded', stale: true });
    expect(plan.pricing.staleReason).toMatch(/ECONNREFUSED|connect|Price List/);
  });

  it('some malformed items among good ones: live prices from the good ones', async () => {
    const good = (await liveItems()).map((item) => JSON.stringify(item));
    scripted = await startScriptedServer(() => ({
      status: 200,
      body: priceListPage(['not json', '{}', ...good, '{"terms":null}']),
    }));
    const plan = await planThrough(sourceAt(scripted.url));
    expect(plan.pricing).toMatchObject({ source: 'aws-price-list', stale: false });
  });

  it('a failure is remembered for failureTtlMs: the next plan does not wait on the dead endpoint again', async () => {
    scripted = await startScriptedServer(() => 'hang');
    const source = sourceAt(scripted.url, { failureTtlMs: 60_000 });
    await planThrough(source);
    const seen = scripted.requests.length;
    const started = Date.now();
    const again = await planThrough(source);
    expect(Date.now() - started).toBeLessThan(250);
    expect(scripted.requests.length).toBe(seen);
    expect(again.pricing.stale).toBe(true);
  });
});
