/**
 * Ways to run, priced at the stated usage (DESIGN §8): the usage a plan is sized for and the tier
 * that follows from it, hardware the caller owns, part-time and committed instances, managed
 * per-token prices, the cost curve and its break-even, and headroom. Stated as requests and what
 * a person asking them expects.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import type { PlanRequest, PlanResponse } from '../../lib/contract/plan.js';
import { planV1 } from '../../lib/contract/plans.js';

const deps = { catalog: embeddedCatalog };
const plan = (request: PlanRequest) => planV1(request, deps);
const chat = { kind: 'inference', inputTokens: 400, outputTokens: 250 } as const;
const withTraffic = (
  traffic: NonNullable<Extract<PlanRequest['workload'], { kind: 'inference' }>['traffic']>,
) => ({
  ...chat,
  traffic,
});

describe('Usage and tier from demand', () => {
  it('30 requests a day for a small model is personal, with the personal SLO, and cheap', async () => {
    const p = await plan({
      model: 'phi-3-mini',
      precision: 'auto',
      workload: withTraffic({ requestsPerDay: 30 }),
    });
    const alone = await plan({ model: 'phi-3-mini', precision: 'auto', workload: chat });
    expect(p.tier).toBe('personal');
    expect(p.usage).toMatchObject({ requestsPerDay: 30, basis: 'requests-per-day', activeHoursPerDay: 24 });
    expect(p.usage?.sequencesInFlight).toBeLessThan(0.1);
    expect(p.rationale.join(' ')).toMatch(/one person reading a chat/);
    // The same hardware as for one person who said nothing about traffic: traffic alone does not
    // make a plan customer-facing.
    expect(p.recommendation.instanceType).toBe(alone.recommendation.instanceType);
    expect(p.recommendation.monthlyUsd).toBe(alone.recommendation.monthlyUsd);
    // And a cheaper way to run that hardware part of the day.
    const partTime = p.alternatives.find((a) => a.purchaseOption === 'part-time');
    expect(partTime?.monthlyUsd).toBeLessThan(p.recommendation.monthlyUsd / 2);
  });

  it('a handful of calls on a 70B model is large-model, not customer-facing, and costs what one person costs', async () => {
    const p = await plan({ model: 'llama-3.1-70b', workload: withTraffic({ requestsPerDay: 10 }) });
    const alone = await plan({ model: 'llama-3.1-70b', workload: chat });
    expect(p.tier).toBe('large-model');
    expect(p.recommendation.monthlyUsd).toBe(alone.recommendation.monthlyUsd);
  });

  it('several requests in flight is customer-facing, with the interactive SLO defaults', async () => {
    const p = await plan({ model: 'llama-3.2-1b', workload: withTraffic({ concurrentRequests: 8 }) });
    expect(p.tier).toBe('customer-facing');
    expect(p.usage?.sequencesInFlight).toBeGreaterThanOrEqual(8);
    expect(p.recommendation.estimate.inference?.timePerOutputTokenMs).toBeLessThanOrEqual(50);
  });

  it.each([
    [{ requestsPerDay: 1000 }, 'personal'],
    [{ requestsPerDay: 200_000 }, 'customer-facing'],
    [{ requestsPerSecond: 0.001 }, 'personal'],
    [{ requestsPerSecond: 20 }, 'customer-facing'],
  ] as const)("%o is %s (Little's law on the plan's own latency)", async (traffic, tier) => {
    const p = await plan({ model: 'llama-3.1-8b', precision: 'auto', workload: withTraffic(traffic) });
    expect(p.tier).toBe(tier);
    const inFlight = p.usage?.sequencesInFlight ?? 0;
    if (tier === 'personal') expect(inFlight).toBeLessThanOrEqual(1);
    else expect(inFlight).toBeGreaterThan(1);
  });

  it('says how a daily volume was sized, and the peak factor can be changed', async () => {
    const base = await plan({ model: 'llama-3.1-8b', workload: withTraffic({ requestsPerDay: 500_000 }) });
    const spiky = await plan({
      model: 'llama-3.1-8b',
      workload: withTraffic({ requestsPerDay: 500_000, peakFactor: 4 }),
    });
    expect(base.usage?.peakFactor).toBe(2);
    expect(spiky.usage?.peakRequestsPerSecond).toBeCloseTo(2 * (base.usage?.peakRequestsPerSecond ?? 0), 1);
    expect(spiky.rationale.join(' ')).toMatch(/4x the daily average/);
    expect(spiky.recommendation.instanceCount).toBeGreaterThan(base.recommendation.instanceCount);
  });

  it('assumes and says one person when no traffic is given', async () => {
    const p = await plan({ model: 'llama-3.1-8b', precision: 'auto', workload: chat });
    expect(p.usage?.basis).toBe('assumed-personal');
    expect(p.rationale.join(' ')).toMatch(/No traffic given, so the plan is for one person/);
  });
});

describe('Hardware you own', () => {
  it('is recommended at no cost when it meets the requirement, with the cheapest cloud way beside it', async () => {
    const p = await plan({
      model: 'llama-3.1-8b',
      precision: 'auto',
      workload: chat,
      owned: [{ accelerator: 'rtx-4090' }],
    });
    expect(p.recommendation).toMatchObject({
      purchaseOption: 'owned',
      monthlyUsd: 0,
      hourlyUsd: 0,
      instanceType: 'rtx-4090',
    });
    expect(p.recommendation.owned?.accelerator).toBe('rtx-4090');
    expect(p.recommendation.label).toMatch(/RTX 4090/);
    expect(p.rationale.join(' ')).toMatch(/start with what you have/);
    const cloud = p.alternatives.find((a) => /Cheapest cloud way/.test(a.why));
    expect(cloud?.purchaseOption).not.toBe('owned');
    expect(cloud?.monthlyUsd).toBeGreaterThan(0);
  });

  it('says how far it falls short when it does not, and recommends the cheapest cloud way', async () => {
    const p = await plan({
      model: 'llama-3.1-70b',
      precision: 'auto',
      workload: chat,
      owned: [{ accelerator: 'apple-m3-max', memoryGiB: 64 }],
    });
    expect(p.recommendation.purchaseOption).not.toBe('owned');
    expect(p.rationale.join(' ')).toMatch(
      /Apple M3 Max .*falls short: .*\(\d\.\d\dx off\), so the plan uses the cheapest cloud way/,
    );
  });

  it('too small for the model is said as memory, not as a speed it could never reach', async () => {
    const p = await plan({
      model: 'llama-3.1-70b',
      precision: 'auto',
      workload: chat,
      owned: [{ accelerator: 'rtx-4090' }],
    });
    const words = p.rationale.join(' ');
    expect(words).toMatch(
      /RTX 4090 .*falls short: at \S+ it cannot hold the weights: they need about \d+ times its memory/,
    );
    expect(words).not.toMatch(/RTX 4090 .*falls short: .*decodes at most/);
  });

  it('is kept when it misses only a default SLO, by a little, and says so; a stated SLO is held', async () => {
    // An M2 prefills 400 tokens of an 8B model in about 2.4 s against the 2 s personal default.
    const request: PlanRequest = {
      model: 'llama-3.1-8b',
      precision: 'auto',
      workload: { kind: 'inference', inputTokens: 400, outputTokens: 250 },
      owned: [{ accelerator: 'apple-m2', memoryGiB: 24 }],
    };
    const p = await plan(request);
    expect(p.recommendation.purchaseOption).toBe('owned');
    const ttft = p.recommendation.estimate.inference?.timeToFirstTokenMs ?? 0;
    expect(ttft).toBeGreaterThan(2000);
    expect(ttft).toBeLessThanOrEqual(2500);
    const words = p.rationale.join(' ');
    expect(words).toMatch(/over the default 2000 ms, but within 1.25x of it/);
    expect(words).toMatch(/state workload\.slo\.timeToFirstTokenMs/);
    expect(words).not.toMatch(/self-hosting is cheaper|Bedrock is cheaper/);
    expect(p.alternatives.some((a) => /Cheapest cloud way/.test(a.why))).toBe(true);

    const held = await plan({
      ...request,
      workload: { ...request.workload, slo: { timeToFirstTokenMs: 2000 } } as PlanRequest['workload'],
    });
    expect(held.recommendation.purchaseOption).not.toBe('owned');
    expect(held.rationale.join(' ')).toMatch(/Apple M2 .*falls short/);
  });

  it('a large unified memory holds a 70B model a smaller one does not', async () => {
    // A few seconds to the first token of a 70B model is what a Mac can do (llama.cpp prompt
    // processing runs at about 100-150 tokens/s there): the SLO says so.
    const workload = { ...chat, slo: { timeToFirstTokenMs: 5000, timePerOutputTokenMs: 150 } };
    const big = await plan({
      model: 'llama-3.1-70b',
      precision: 'q4_k_m',
      workload,
      owned: [{ accelerator: 'apple-m2-ultra', memoryGiB: 192 }],
      constraints: { ways: ['owned'] },
    });
    expect(big.recommendation.purchaseOption).toBe('owned');
    const small = await plan({
      model: 'llama-3.1-70b',
      precision: 'q4_k_m',
      workload,
      owned: [{ accelerator: 'apple-m2-max', memoryGiB: 32 }],
      constraints: { ways: ['owned'] },
    }).catch((e: Error) => e);
    expect(small).toBeInstanceOf(Error);
  });
});

describe('Instances priced for the hours they run and the terms they are bought on', () => {
  it('a box up 2 hours a day is priced part-time for those hours', async () => {
    const p = await plan({
      model: 'llama-3.1-8b',
      workload: withTraffic({ requestsPerDay: 40, activeHoursPerDay: 2 }),
    });
    const r = p.recommendation;
    expect(r.purchaseOption).toBe('part-time');
    expect(r.monthlyUsd).toBeCloseTo(r.hourlyUsd * 2 * (730 / 24), 0);
    expect(p.usage?.activeHoursPerDay).toBe(2);
  });

  it('an always-on fleet shows its committed price as an alternative, with the saving and the price flagged derived', async () => {
    const p = await plan({ model: 'llama-3.1-8b', workload: withTraffic({ requestsPerSecond: 20 }) });
    const committed = p.alternatives.find((a) => a.purchaseOption.startsWith('reserved-'));
    expect(committed?.instanceType).toBe(p.recommendation.instanceType);
    expect(committed?.instanceCount).toBe(p.recommendation.instanceCount);
    expect(committed?.monthlyUsd).toBeLessThan(p.recommendation.monthlyUsd);
    expect(committed?.priceDerived).toBe(true);
    expect(committed?.why).toMatch(/saving \$\d+ \(\d+%\)/);
  });

  it('keeps headroom: replicas are sized to the target utilization, which the request can change', async () => {
    const request = { model: 'llama-3.1-8b', workload: withTraffic({ requestsPerSecond: 20 }) } as const;
    const p = await plan(request);
    const perReplica = (p.requirements.requestsPerSecond ?? 0) / (p.recommendation.instanceCount * 0.8);
    expect(perReplica).toBeGreaterThan(0);
    expect(p.rationale.join(' ')).toMatch(/run at most at 80% of that for headroom/);
    const full = await plan({
      ...request,
      workload: withTraffic({ requestsPerSecond: 20, targetUtilization: 1 }),
    });
    expect(full.recommendation.instanceCount).toBeLessThanOrEqual(p.recommendation.instanceCount);
    expect(full.rationale.join(' ')).toMatch(/run at most at 100%/);
  });
});

describe('Managed per token and where self-hosting starts to pay', () => {
  it('prices the same open-weight model on Amazon Bedrock at the usage', async () => {
    const p = await plan({
      model: 'llama-3.1-8b',
      precision: 'auto',
      workload: withTraffic({ requestsPerDay: 20 }),
    });
    const bedrock = p.managed?.[0];
    expect(bedrock).toMatchObject({
      provider: 'amazon-bedrock',
      inputPerMillionUsd: 0.22,
      outputPerMillionUsd: 0.22,
    });
    // 20 requests x 650 tokens x 30.4 days at $0.22 per million: about nine cents.
    expect(bedrock?.monthlyUsd).toBeCloseTo((20 * 650 * (730 / 24) * 0.22) / 1e6, 2);
    expect(p.rationale.join(' ')).toMatch(/Self-hosting starts to pay above about [\d,]+ requests a day/);
  });

  it('draws the cost curve from 1 to 10 million requests a day with the break-even marked', async () => {
    const p = await plan({ model: 'llama-3.1-8b', precision: 'auto', workload: chat });
    const points = p.costCurve?.points ?? [];
    expect(points[0]?.requestsPerDay).toBe(1);
    expect(points.at(-1)?.requestsPerDay).toBe(1e7);
    for (const [a, b] of points.slice(1).map((q, i) => [points[i], q] as const)) {
      expect(b.requestsPerDay).toBeGreaterThan(a?.requestsPerDay ?? 0);
      expect(b.selfHostedMonthlyUsd ?? 0).toBeGreaterThanOrEqual(a?.selfHostedMonthlyUsd ?? 0);
      expect(b.managedMonthlyUsd ?? 0).toBeGreaterThan(a?.managedMonthlyUsd ?? 0);
    }
    const breakEven = p.costCurve?.breakEvenRequestsPerDay ?? 0;
    expect(breakEven).toBeGreaterThan(1_000);
    const below = points.filter((q) => q.requestsPerDay < breakEven / 1.5);
    const above = points.filter((q) => q.requestsPerDay > breakEven * 1.5);
    expect(below.every((q) => (q.managedMonthlyUsd ?? 0) < (q.selfHostedMonthlyUsd ?? 0))).toBe(true);
    expect(above.every((q) => (q.selfHostedMonthlyUsd ?? 0) <= (q.managedMonthlyUsd ?? 0))).toBe(true);
  });

  it('the break-even moves the right way with traffic: managed wins below it, self-hosting above it', async () => {
    const curve = (await plan({ model: 'llama-3.1-8b', workload: chat })).costCurve;
    const breakEven = curve?.breakEvenRequestsPerDay ?? 0;
    const at = async (requestsPerDay: number) => {
      const p = await plan({ model: 'llama-3.1-8b', workload: withTraffic({ requestsPerDay }) });
      return { self: p.recommendation.monthlyUsd, managed: p.managed?.[0]?.monthlyUsd ?? 0, p };
    };
    const low = await at(breakEven / 10);
    const high = await at(breakEven * 10);
    expect(low.managed).toBeLessThan(low.self);
    expect(high.self).toBeLessThan(high.managed);
    expect(high.p.rationale.join(' ')).toMatch(/self-hosting is cheaper/);
    expect(low.p.rationale.join(' ')).toMatch(/Bedrock is cheaper/);
  });

  it.each([1, 2, 3, 5, 8, 13])(
    'at %d requests/s the break-even agrees with the plan: above it, self-hosting is what is cheaper',
    async (requestsPerSecond) => {
      const p = await plan({
        model: 'llama-3.1-8b',
        workload: { kind: 'inference', inputTokens: 512, outputTokens: 256, traffic: { requestsPerSecond } },
      });
      const breakEven = p.costCurve?.breakEvenRequestsPerDay;
      const managed = p.managed?.[0]?.monthlyUsd ?? Number.POSITIVE_INFINITY;
      const perDay = p.usage?.requestsPerDay ?? 0;
      if (breakEven !== undefined && perDay > breakEven) {
        expect(p.recommendation.monthlyUsd).toBeLessThanOrEqual(managed);
      }
      if (p.recommendation.monthlyUsd > managed) {
        expect(breakEven === undefined || breakEven >= perDay).toBe(true);
        expect(p.rationale.join(' ')).toMatch(/Bedrock is cheaper|costs less than any self-hosted/);
      }
    },
  );

  const llama8bShapes = {
    name: 'my-8b',
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    intermediateSize: 14336,
    vocabSize: 128256,
  };

  it('a custom architecture has no managed price, and says so', async () => {
    const p = await plan({ model: { ...llama8bShapes, intermediateSize: 12288 }, workload: chat });
    expect(p.managed).toEqual([]);
    expect(p.costCurve?.breakEvenRequestsPerDay).toBeUndefined();
    expect(p.rationale.join(' ')).toMatch(/custom architecture has no managed per-token price/);
  });

  it("an architecture with a preset's shapes (its config.json) is compared with that preset's managed price", async () => {
    const p = await plan({ model: llama8bShapes, workload: chat });
    expect(p.managed?.[0]?.modelId).toMatch(/llama3-1-8b/);
    expect(p.rationale.join(' ')).toMatch(/exactly the shapes of Llama 3\.1 8B.*Custom Model Import/);
    const preset = await plan({ model: 'llama-3.1-8b', workload: chat });
    expect(p.recommendation.monthlyUsd).toBe(preset.recommendation.monthlyUsd);
  });

  it('a region where Bedrock does not serve the model has an empty managed list with a note', async () => {
    const p = await plan({ model: 'llama-3.1-8b', region: 'sa-east-1', workload: chat });
    expect(p.managed).toEqual([]);
    expect(p.rationale.join(' ')).toMatch(
      /Amazon Bedrock does not serve this model on demand in this region/,
    );
  });

  it('leaves ways out when asked', async () => {
    const p = await plan({
      model: 'llama-3.1-8b',
      workload: chat,
      owned: [{ accelerator: 'rtx-4090' }],
      constraints: { ways: ['instance'] },
    });
    expect(p.recommendation.purchaseOption).not.toBe('owned');
    expect(p.managed).toEqual([]);
  });
});

describe('Alternatives a person would consider', () => {
  it.each([
    ['one person, small model', { model: 'llama-3.1-8b', precision: 'auto', workload: chat }],
    ['one person, 70B', { model: 'llama-3.1-70b', workload: chat }],
    ['customer-facing', { model: 'llama-3.1-8b', workload: withTraffic({ requestsPerSecond: 20 }) }],
  ] as [string, PlanRequest][])('%s: no absurd alternatives', async (_name, request) => {
    const p: PlanResponse = await plan(request);
    const fastest = p.alternatives.find((a) => a.why.startsWith('Fastest'));
    if (fastest) expect(fastest.monthlyUsd).toBeLessThanOrEqual(3 * p.recommendation.monthlyUsd + 0.01);
    for (const a of p.alternatives) {
      if (a.acceleratorKind === 'cpu') expect(a.instanceCount).toBeLessThanOrEqual(8);
      if (a.purchaseOption === 'spot' && !/Same hardware/.test(a.why)) {
        expect(a.monthlyUsd).toBeLessThan(p.recommendation.monthlyUsd);
      }
      expect(a.why.length).toBeGreaterThan(10);
    }
  });
});

describe('Bad input about ways to run', () => {
  const app = createApp({ catalog: embeddedCatalog });
  const post = (body: unknown) =>
    app.request('/v1/plans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it.each([
    [
      { owned: [{ accelerator: 'rtx4090' }] },
      '/owned/0/accelerator',
      /unknown accelerator.*did you mean "rtx-4090"/,
    ],
    [{ owned: [{ accelerator: 'apple-m3-max', memoryGiB: 16 }] }, '/owned/0/memoryGiB', /./],
    [{ owned: [{ accelerator: 'apple-m3-max', memoryGiB: 10_000 }] }, '/owned/0/memoryGiB', /./],
    [{ owned: [{ accelerator: 'apple-m3-max', count: 2 }] }, '/owned/0/count', /cannot pool/],
    [
      { workload: { ...chat, traffic: { activeHoursPerDay: 0 } } },
      '/workload/traffic/activeHoursPerDay',
      /./,
    ],
    [
      { workload: { ...chat, traffic: { activeHoursPerDay: 25 } } },
      '/workload/traffic/activeHoursPerDay',
      /./,
    ],
    [
      { workload: { ...chat, traffic: { targetUtilization: 1.5 } } },
      '/workload/traffic/targetUtilization',
      /./,
    ],
    [{ constraints: { ways: ['rented'] } }, '/constraints/ways/0', /./],
    [{ constraints: { ways: ['managed'] } }, '/constraints/ways', /must include "instance" or "owned"/],
    [{ constraints: { ways: ['owned'] } }, '/constraints/ways', /need the hardware you own in "owned"/],
    [
      { constraints: { ways: ['owned', 'managed'] }, owned: [] },
      '/constraints/ways',
      /need the hardware you own/,
    ],
    [{ owned: [{ accelerator: 'm4-max' }] }, '/owned/0/accelerator', /did you mean "apple-m4-max"/],
  ])('%o is a 422 pointing at %s', async (change, pointer, message) => {
    const res = await post({ model: 'llama-3.1-8b', workload: chat, ...change });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { errors?: { pointer: string; message: string }[] };
    const error = problem.errors?.find((e) => e.pointer === pointer);
    expect(error?.message).toMatch(message);
  });

  it('every bad owned entry is reported, each at its own pointer', async () => {
    const res = await post({
      model: 'llama-3.1-8b',
      workload: chat,
      owned: [
        { accelerator: 'rtx-4900' },
        { accelerator: 'rtx-4090' },
        { accelerator: 'apple-m3-max', count: 2 },
      ],
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { detail: string; errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/owned/0/accelerator', '/owned/2/count']);
    expect(problem.detail).toMatch(/and 1 more/);
  });

  it('owned hardware alone that cannot run the workload is a 422 naming how far it falls short', async () => {
    const res = await post({
      model: 'llama-3.1-405b',
      workload: chat,
      owned: [{ accelerator: 'rtx-3060-12gb' }],
      constraints: { ways: ['owned'] },
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { detail: string; nearestMiss?: { instanceType: string } };
    expect(problem.nearestMiss?.instanceType).toBe('rtx-3060-12gb');
  });
});
