/**
 * Plans at the edges of the input space, each once a bug: answers stay well-formed and priced.
 */
import { describe, expect, it } from 'vitest';
import { createSnapshotSource, embeddedCatalog } from '../../lib/catalog/index.js';
import { PlanResponseSchema } from '../../lib/contract/plan.js';
import { noFeasiblePlanText } from '../../lib/contract/plan-words.js';
import { planV1 as plan } from '../../lib/contract/plans.js';
import { NoFeasiblePlanError } from '../../lib/planner/index.js';

const deps = { catalog: embeddedCatalog };

describe('Function: plan (edge cases)', () => {
  it('should keep a plan for a vanishing request rate well-formed (no infinite cost per token)', async () => {
    const p = await plan(
      {
        model: 'llama-3.2-1b',
        workload: {
          kind: 'inference',
          inputTokens: 1,
          outputTokens: 1,
          traffic: { requestsPerSecond: 1e-310 },
        },
      },
      deps,
    );
    expect(() => PlanResponseSchema.parse(JSON.parse(JSON.stringify(p)))).not.toThrow();
    expect(p.recommendation.costPerMillionOutputTokensUsd).toBeUndefined();
  });

  it('should price a job of a few seconds above zero and pick the cheapest hardware for it', async () => {
    const p = await plan({ model: 'llama-3.2-1b', workload: { kind: 'training', tokens: 1e5 } }, deps);
    expect(p.recommendation.jobHours).toBeGreaterThan(0);
    expect(p.recommendation.jobCostUsd).toBeGreaterThan(0);
    for (const a of p.alternatives.filter((a) => a.purchaseOption === 'on-demand')) {
      expect(a.jobCostUsd).toBeGreaterThanOrEqual(p.recommendation.jobCostUsd ?? 0);
    }
  });

  it('should not name hardware whose engine cannot read the format as the nearest miss', async () => {
    const error = await plan(
      {
        model: 'llama-3.1-405b',
        precision: 'q4_0',
        engine: 'neuron',
        workload: { kind: 'inference', inputTokens: 10, outputTokens: 10 },
      },
      deps,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoFeasiblePlanError);
    expect((error as NoFeasiblePlanError).nearestMiss).toBeUndefined();
    expect(noFeasiblePlanText(error as NoFeasiblePlanError)).toMatch(
      /can run this workload with the given engine, precision/,
    );
  });

  it('should answer from the embedded catalog, stale, when the snapshot never loads', async () => {
    const hanging = createSnapshotSource({ load: () => new Promise(() => {}), loadTimeoutMs: 200 });
    const started = Date.now();
    const p = await plan(
      { model: 'llama-3.2-1b', workload: { kind: 'inference', inputTokens: 10, outputTokens: 10 } },
      { catalog: hanging },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(p.pricing).toMatchObject({ source: 'embedded', stale: true });
    expect(p.pricing.staleReason).toMatch(/did not load within 200 ms/);
  });

  it('should offer a cheaper spot alternative with an indicative price unless on-demand is required', async () => {
    const request = {
      model: 'llama-3.1-70b',
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
    } as const;
    const open = await plan(request, deps);
    const spot = open.alternatives.find((a) => a.purchaseOption === 'spot');
    expect(spot?.why).toMatch(/indicative/);
    expect(spot?.priceIndicative).toBe(true);
    expect(spot?.monthlyUsd).toBeLessThan(open.recommendation.monthlyUsd);
    const onDemand = await plan({ ...request, constraints: { purchaseOption: 'on-demand' } }, deps);
    expect(onDemand.alternatives.some((a) => a.purchaseOption === 'spot')).toBe(false);
  });
});
