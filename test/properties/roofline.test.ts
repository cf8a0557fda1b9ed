/**
 * Property: no answer of the API or the planner beats the physical roofline (see physical-limits.ts).
 * The estimator-level checks of decode bandwidth and training peak are in test/perf/properties.test.ts;
 * these go through HTTP (every hardware, engine and workload kind, prefill included) and through the
 * planner's recommendations and alternatives.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import type { PlanRequest, PlanResponse } from '../../lib/contract/plan.js';
import type { EstimateResponse, Hardware } from '../../lib/contract/schemas.js';
import { estimateRequest, planRequest, runs } from './arbitraries.js';
import { expectWithinPhysicalLimits } from './physical-limits.js';

const app = createApp({ catalog: embeddedCatalog, logError: () => {} });
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The most accelerators of this id one owned machine of the request has. */
const ownedCount = (req: PlanRequest, accelerator: string) =>
  Math.max(...(req.owned ?? []).filter((o) => o.accelerator === accelerator).map((o) => o.count ?? 1));

describe('Property: no estimate beats the physical roofline', () => {
  it('POST /v1/estimates: decode, prefill, batch throughput and training within bandwidth and peak', async () => {
    await fc.assert(
      fc.asyncProperty(estimateRequest, async (req) => {
        const res = await post('/v1/estimates', req);
        if (res.status !== 200) return;
        const w = req.workload;
        expectWithinPhysicalLimits(
          {
            model: req.model,
            hardware: req.hardware,
            ...(w.kind === 'inference' && { inputTokens: w.inputTokens }),
            ...(w.kind === 'fine-tuning' && { fineTuningMethod: w.method }),
          },
          (await res.json()) as EstimateResponse,
        );
      }),
      runs(400),
    );
  });

  it('POST /v1/plans: the recommendation and every alternative', async () => {
    await fc.assert(
      fc.asyncProperty(planRequest, async (req) => {
        const res = await post('/v1/plans', req);
        if (res.status !== 200) return;
        const body = (await res.json()) as PlanResponse;
        const w = req.workload;
        for (const option of [body.recommendation, ...body.alternatives]) {
          expectWithinPhysicalLimits(
            {
              model: req.model,
              // Owned hardware is named by its accelerator id (arbitraries.ts sends `owned` too).
              hardware:
                option.purchaseOption === 'owned'
                  ? ({
                      accelerator: option.instanceType,
                      count: ownedCount(req, option.instanceType),
                    } as Hardware)
                  : { instanceType: option.instanceType, count: option.instanceCount },
              ...(w.kind === 'inference' && { inputTokens: w.inputTokens }),
              ...(w.kind === 'fine-tuning' && { fineTuningMethod: w.method }),
            },
            option.estimate,
          );
        }
      }),
      runs(100),
    );
  });
});
