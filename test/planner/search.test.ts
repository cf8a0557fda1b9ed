/**
 * The pruned search gives the same plan as estimating every candidate: the same recommendation,
 * runner-up, fastest option and cheapest option of each kind.
 */
import { describe, expect, it } from 'vitest';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import type { PlanRequest } from '../../lib/contract/plan.js';
import { toPlanInput } from '../../lib/contract/plans.js';
import { searchBatch } from '../../lib/planner/batch.js';
import { hardwareCandidates } from '../../lib/planner/candidates.js';
import { cheapest, type PlanOption } from '../../lib/planner/options.js';
import { searchOptions } from '../../lib/planner/search.js';

const chat = { kind: 'inference', inputTokens: 512, outputTokens: 256 } as const;
const slo = { timeToFirstTokenMs: 1000, timePerOutputTokenMs: 50 };

const requests: [string, PlanRequest][] = [
  ['personal, auto precision', { model: 'llama-3.1-8b', precision: 'auto', workload: chat }],
  ['personal, large model', { model: 'llama-3.1-70b', workload: chat }],
  ['personal, small model', { model: 'llama-3.2-1b', precision: 'auto', workload: chat }],
  [
    'traffic by rate',
    { model: 'llama-3.1-8b', workload: { ...chat, traffic: { requestsPerSecond: 20 }, slo } },
  ],
  [
    'traffic by concurrency',
    { model: 'mistral-7b', workload: { ...chat, traffic: { concurrentRequests: 300 }, slo } },
  ],
  [
    'a long prompt that needs tensor parallelism',
    { model: 'llama-3.1-8b', workload: { kind: 'inference', inputTokens: 120_000, outputTokens: 256 } },
  ],
  [
    'a 70B model with headroom at 4 requests/s (Neuron layouts in the running)',
    {
      model: 'llama-3.1-70b',
      workload: { ...chat, traffic: { requestsPerSecond: 4, targetUtilization: 0.7 } },
    },
  ],
  [
    'under a budget',
    { model: 'llama-3.1-8b', precision: 'auto', workload: chat, constraints: { maxHourlyUsd: 1 } },
  ],
  [
    'traffic, mixture of experts',
    { model: 'mixtral-8x7b', precision: 'auto', workload: { ...chat, traffic: { requestsPerSecond: 5 } } },
  ],
];

function summary(options: readonly PlanOption[]) {
  const key = (o: PlanOption | undefined) =>
    o ? `${o.instanceCount}x ${o.machine.instanceType} ${o.precision}` : 'none';
  const best = cheapest(options);
  return {
    best: key(best),
    runnerUp: key(cheapest(options.filter((o) => o.machine.instanceType !== best?.machine.instanceType))),
    fastest: key(
      options.reduce<PlanOption | undefined>((a, b) => (!a || b.speed > a.speed ? b : a), undefined),
    ),
    cpu: key(cheapest(options.filter((o) => o.machine.acceleratorKind === 'cpu'))),
    gpu: key(cheapest(options.filter((o) => o.machine.acceleratorKind === 'gpu'))),
    neuron: key(cheapest(options.filter((o) => o.machine.acceleratorKind === 'neuron'))),
  };
}

describe('Function: searchOptions', () => {
  it.each(requests)('%s: the pruned search finds what the exhaustive one finds', async (_name, req) => {
    const { instances } = await embeddedCatalog.getRegion('us-east-1');
    const candidates = hardwareCandidates(instances, req.constraints);
    const w = req.workload;
    const goal =
      w.kind === 'inference'
        ? {
            inputTokens: w.inputTokens,
            outputTokens: w.outputTokens,
            slo: w.slo?.timeToFirstTokenMs
              ? {
                  timeToFirstTokenMs: w.slo.timeToFirstTokenMs,
                  timePerOutputTokenMs: w.slo.timePerOutputTokenMs ?? 50,
                }
              : w.traffic
                ? { timeToFirstTokenMs: 1000, timePerOutputTokenMs: 50 }
                : { timeToFirstTokenMs: 2000, timePerOutputTokenMs: 100 },
            requestsPerSecond: w.traffic?.requestsPerSecond,
            concurrentRequests: w.traffic?.concurrentRequests,
            targetUtilization: w.traffic?.targetUtilization ?? (w.traffic ? 0.8 : 1),
          }
        : undefined;
    const ctx = { input: toPlanInput(req, embeddedCatalog), goal };

    const pruned = searchOptions(candidates, ctx);
    const exhaustive = searchOptions(candidates, { ...ctx, exhaustive: true });

    // Pruning never estimates more (when the bounds already settle everything, it saves nothing).
    expect(exhaustive.options.length).toBeGreaterThanOrEqual(pruned.options.length);
    expect(summary(pruned.options)).toEqual(summary(exhaustive.options));
  });
});

describe('Function: searchBatch', () => {
  it.each([
    ['8B documents within 72 h', { inputTokens: 1000, outputTokens: 200, requests: 1e7, deadlineHours: 72 }],
    ['70B within 4 h', { inputTokens: 2000, outputTokens: 500, requests: 2e5, deadlineHours: 4 }],
  ] as const)('%s: the pruned search finds what the exhaustive one finds', async (_name, job) => {
    const model = _name.startsWith('70B') ? 'llama-3.1-70b' : 'llama-3.1-8b';
    const req: PlanRequest = { model, precision: 'auto', workload: { kind: 'batch', ...job } };
    const { instances } = await embeddedCatalog.getRegion('us-east-1');
    const candidates = hardwareCandidates(instances, req.constraints);
    const input = toPlanInput(req, embeddedCatalog);
    const w = input.workload;
    if (w.kind !== 'batch') throw new Error('a batch request');
    const pruned = searchBatch(candidates, input, w);
    const exhaustive = searchBatch(candidates, input, w, true);
    expect(exhaustive.options.length).toBeGreaterThan(pruned.options.length);
    expect(summary(pruned.options)).toEqual(summary(exhaustive.options));
  });
});

describe('The training search stops where no count can hold the job', () => {
  it('a model too large for any cluster is ruled out in a couple of estimates per instance type', async () => {
    const req: PlanRequest = {
      model: {
        name: 'huge',
        parameters: 2e12,
        layers: 200,
        hiddenSize: 32768,
        attentionHeads: 256,
        intermediateSize: 131072,
        vocabSize: 256000,
      },
      workload: { kind: 'training', tokens: 1e12, deadlineHours: 24 },
    };
    const { instances } = await embeddedCatalog.getRegion('us-east-1');
    const candidates = hardwareCandidates(instances, req.constraints);
    const { options, stats } = searchOptions(candidates, { input: toPlanInput(req, embeddedCatalog) });
    expect(options).toEqual([]);
    // Doubling from 1 to 512 instances of every type took about 10 estimates per type.
    expect(stats.estimates).toBeLessThanOrEqual(3 * stats.candidates);
  });
});
