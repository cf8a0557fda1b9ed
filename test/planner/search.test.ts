/**
 * The pruned search gives the same plan as estimating every candidate: the same recommendation,
 * runner-up, fastest option and cheapest option of each kind.
 */
import { describe, expect, it } from 'vitest';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import type { PlanRequest } from '../../lib/contract/plan.js';
import { toPlanInput } from '../../lib/contract/plans.js';
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
          }
        : undefined;
    const ctx = { input: toPlanInput(req, embeddedCatalog), goal };

    const pruned = searchOptions(candidates, ctx);
    const exhaustive = searchOptions(candidates, { ...ctx, exhaustive: true });

    expect(exhaustive.options.length).toBeGreaterThan(pruned.options.length);
    expect(summary(pruned.options)).toEqual(summary(exhaustive.options));
  });
});
