/**
 * `POST /v1/plans` at the edge: the v1 request becomes the planner's input (unknown regions,
 * instance types and models become input errors with their JSON Pointer), and the planner's data
 * becomes the v1 response (rounded, every sentence worded).
 */
import type { CatalogSource } from '../catalog/types.js';
import { HOURS_PER_MONTH } from '../planner/defaults.js';
import {
  type NoFeasiblePlanError,
  type Plan,
  type PlanInput,
  type PlannerDeps,
  type PlanOption,
  plan,
} from '../planner/index.js';
import { InputError } from './errors.js';
import { resolveModelRef, toEstimateResponse } from './estimates.js';
import type { PlanRequest, PlanResponse, Recommendation } from './plan.js';
import { alternativeWhy, missText, noFeasiblePlanText, rationaleText } from './plan-words.js';
import type { EstimateResponse } from './schemas.js';
import { roundSignificant } from './words.js';

const DEFAULT_REGION = 'us-east-1';

/** Round at `digits` decimals as the plan responses always have (decimal, via toFixed). */
const fixed = (x: number, digits = 4) => Number(x.toFixed(digits));

/** The planner's input for a v1 plan request. */
export function toPlanInput(req: PlanRequest, catalog: CatalogSource): PlanInput {
  const region = req.region ?? DEFAULT_REGION;
  if (!catalog.regions().includes(region)) {
    throw new InputError(
      '/region',
      `no prices for region "${region}"; known: ${catalog.regions().join(', ')}`,
    );
  }
  req.constraints?.instanceTypes?.forEach((t, index) => {
    if (!catalog.findInstanceSpec(t)) {
      throw new InputError(`/constraints/instanceTypes/${index}`, `unknown instance type "${t}"`);
    }
  });
  return {
    model: resolveModelRef(req.model),
    precision: req.precision,
    region,
    engine: req.engine,
    workload: req.workload,
    constraints: req.constraints,
  };
}

/** Builds each option's v1 estimate once, however many sentences quote it. */
function estimateResponses() {
  const cache = new Map<PlanOption, EstimateResponse>();
  return (o: PlanOption) => {
    let response = cache.get(o);
    if (!response) {
      response = toEstimateResponse(o.estimate);
      cache.set(o, response);
    }
    return response;
  };
}

function recommendation(o: PlanOption, estimateOf: (o: PlanOption) => EstimateResponse): Recommendation {
  return {
    instanceType: o.instance.instanceType,
    instanceCount: o.instanceCount,
    acceleratorKind: o.instance.acceleratorKind,
    precision: o.precision,
    purchaseOption: o.purchaseOption,
    hourlyUsd: fixed(o.hourlyUsd),
    monthlyUsd: fixed(o.hourlyUsd * HOURS_PER_MONTH, 2),
    ...(o.costPerMillionOutputTokensUsd !== undefined && {
      costPerMillionOutputTokensUsd: fixed(o.costPerMillionOutputTokensUsd, 4),
    }),
    ...(o.jobCostUsd !== undefined && { jobCostUsd: roundSignificant(o.jobCostUsd, 4) }),
    ...(o.jobHours !== undefined && { jobHours: roundSignificant(o.jobHours, 4) }),
    estimate: estimateOf(o),
  };
}

function requirements(r: Plan['requirements']): PlanResponse['requirements'] {
  if (r.trainingFlops !== undefined) {
    return {
      memoryGiB: fixed(r.memoryGiB, 3),
      weightsGiB: fixed(r.weightsGiB, 3),
      trainingFlops: r.trainingFlops,
      ...(r.deadlineHours !== undefined && { deadlineHours: r.deadlineHours }),
    };
  }
  return {
    memoryGiB: fixed(r.memoryGiB, 3),
    weightsGiB: fixed(r.weightsGiB, 3),
    ...(r.kvCacheGiB !== undefined && { kvCacheGiB: fixed(r.kvCacheGiB, 3) }),
    ...(r.concurrentSequences !== undefined && { concurrentSequences: r.concurrentSequences }),
    ...(r.requestsPerSecond !== undefined && { requestsPerSecond: fixed(r.requestsPerSecond, 4) }),
    ...(r.decodeTokensPerSecond !== undefined && {
      decodeTokensPerSecond: fixed(r.decodeTokensPerSecond, 2),
    }),
    ...(r.timeToFirstTokenMs !== undefined && { timeToFirstTokenMs: r.timeToFirstTokenMs }),
  };
}

/** The v1 response for a plan. */
export function toPlanResponse(p: Plan): PlanResponse {
  const estimateOf = estimateResponses();
  return {
    tier: p.tier,
    recommendation: recommendation(p.recommendation, estimateOf),
    alternatives: p.alternatives.map((a) => ({
      ...recommendation(a.option, estimateOf),
      why: alternativeWhy(a),
    })),
    rationale: p.rationale.map((item) => rationaleText(item, estimateOf)),
    requirements: requirements(p.requirements),
    pricing: p.pricing,
  };
}

/** The 422 problem's detail and `nearestMiss` extension when nothing satisfies a plan request. */
export function noFeasiblePlanProblem(error: NoFeasiblePlanError) {
  const m = error.nearestMiss;
  return {
    detail: noFeasiblePlanText(error),
    ...(m && {
      nearestMiss: { instanceType: m.instanceType, instanceCount: m.instanceCount, shortfall: missText(m) },
    }),
  };
}

/**
 * Answer a v1 plan request (`POST /v1/plans`).
 *
 * @throws InputError for well-formed but impossible input (unknown model, region or type).
 * @throws NoFeasiblePlanError when nothing in the catalog satisfies the request (see `noFeasiblePlanProblem`).
 */
export async function planV1(req: PlanRequest, deps: PlannerDeps): Promise<PlanResponse> {
  const input = toPlanInput(req, deps.catalog);
  return toPlanResponse(await plan(input, deps));
}
