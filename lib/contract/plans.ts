/**
 * `POST /v1/plans` at the edge: the v1 request becomes the planner's input (unknown regions,
 * instance types, models and owned accelerators become input errors with their JSON Pointer), and
 * the planner's data becomes the v1 response (rounded, every sentence worded).
 */
import type { CatalogSource } from '../catalog/types.js';
import { acceleratorIds } from '../hardware/accelerators.js';
import { findModelPreset, presetWithShapes } from '../model/index.js';
import { UnsupportedEstimateError } from '../perf/index.js';
import type { CostCurve } from '../planner/curve.js';
import {
  type NoFeasiblePlanError,
  type Plan,
  type PlanInput,
  type PlanMiss,
  type PlannerDeps,
  type PlanOption,
  plan,
} from '../planner/index.js';
import type { ManagedOption } from '../planner/managed.js';
import { type OwnedMachine, ownedMachine } from '../planner/owned.js';
import type { Usage } from '../planner/usage.js';
import { type FieldProblem, InputError } from './errors.js';
import { resolveModelRef, toEstimateResponse } from './estimates.js';
import type { PlanRequest, PlanResponse, Recommendation } from './plan.js';
import {
  alternativeWhy,
  describeHardware,
  missText,
  noFeasiblePlanText,
  rationaleText,
} from './plan-words.js';
import type { EstimateResponse } from './schemas.js';
import { didYouMean } from './suggest.js';
import { rejectionPointer, rejectionText, roundSignificant } from './words.js';

const DEFAULT_REGION = 'us-east-1';

/** Round at `digits` decimals as the plan responses always have (decimal, via toFixed). */
const fixed = (x: number, digits = 4) => Number(x.toFixed(digits));

function ownedMachines(req: PlanRequest): OwnedMachine[] | undefined {
  if (!req.owned) return undefined;
  const machines: OwnedMachine[] = [];
  const problems: FieldProblem[] = [];
  req.owned.forEach((entry, index) => {
    const machine = ownedMachine(entry, `/owned/${index}`);
    if ('owned' in machine) {
      machines.push(machine);
      return;
    }
    for (const p of machine.problems) {
      const unknown = p.pointer.endsWith('/accelerator');
      problems.push({
        pointer: p.pointer,
        message: unknown ? `${p.message}${didYouMean(entry.accelerator, acceleratorIds)}` : p.message,
      });
    }
  });
  const [first, ...rest] = problems;
  if (first) throw InputError.of([first, ...rest]);
  return machines;
}

/** Ways that leave nothing to recommend are a mistake in the request, said as one. */
function checkWays(req: PlanRequest): void {
  const ways = req.constraints?.ways;
  if (!ways) return;
  const hardware = ways.includes('instance') || ways.includes('owned');
  if (!hardware) {
    throw new InputError(
      '/constraints/ways',
      'ways must include "instance" or "owned": a plan recommends hardware, and the managed per-token price is its comparison',
    );
  }
  if (!ways.includes('instance') && !(req.owned && req.owned.length > 0)) {
    throw new InputError(
      '/constraints/ways',
      'ways without "instance" need the hardware you own in "owned" (e.g. [{ "accelerator": "rtx-4090" }])',
    );
  }
}

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
  checkWays(req);
  const owned = ownedMachines(req);
  const model = resolveModelRef(req.model);
  // A config.json of a preset model (or a fine-tune of it) has the preset's managed price to compare.
  const preset = typeof req.model === 'string' ? findModelPreset(req.model) : presetWithShapes(model);
  return {
    model,
    ...(preset && { presetId: preset.id, presetBy: typeof req.model === 'string' ? 'id' : 'shapes' }),
    precision: req.precision,
    region,
    engine: req.engine,
    workload: req.workload,
    constraints: req.constraints,
    ...(owned && { owned }),
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

const monthOf = (o: PlanOption) => o.monthlyUsd ?? o.jobCostUsd ?? 0;

/** A job's cost in cents, or 4 significant digits under a dollar; the same figure as its month. */
const jobUsd = (x: number) => (x >= 1 ? fixed(x, 2) : roundSignificant(x, 4));
const monthlyOf = (o: PlanOption) =>
  o.jobCostUsd !== undefined ? jobUsd(o.jobCostUsd) : fixed(monthOf(o), 2);

function recommendation(o: PlanOption, estimateOf: (o: PlanOption) => EstimateResponse): Recommendation {
  const m = o.machine;
  return {
    label: describeHardware(o),
    instanceType: m.instanceType,
    instanceCount: o.instanceCount,
    acceleratorKind: m.acceleratorKind,
    precision: o.precision,
    purchaseOption: o.purchaseOption,
    hourlyUsd: fixed(o.hourlyUsd),
    monthlyUsd: monthlyOf(o),
    ...(o.costPerMillionOutputTokensUsd !== undefined && {
      costPerMillionOutputTokensUsd: fixed(o.costPerMillionOutputTokensUsd, 4),
    }),
    ...(o.jobCostUsd !== undefined && { jobCostUsd: jobUsd(o.jobCostUsd) }),
    ...(o.jobHours !== undefined && { jobHours: roundSignificant(o.jobHours, 4) }),
    ...(o.priceDerived && { priceDerived: true }),
    ...(o.priceIndicative && { priceIndicative: true }),
    ...('owned' in m && {
      owned: {
        accelerator: m.accelerator,
        count: m.acceleratorCount,
        memoryGiB: fixed(m.memoryGiB, 1),
        label: m.label,
      },
    }),
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

const sig = (x: number, digits = 4) => roundSignificant(x, digits);

function usageBlock(u: Usage): NonNullable<PlanResponse['usage']> {
  return {
    requestsPerDay: sig(u.requestsPerDay, 6),
    inputTokensPerDay: sig(u.inputTokensPerDay, 6),
    outputTokensPerDay: sig(u.outputTokensPerDay, 6),
    peakRequestsPerSecond: sig(u.peakRequestsPerSecond),
    peakFactor: u.peakFactor,
    sequencesInFlight: sig(u.sequencesInFlight),
    activeHoursPerDay: u.activeHoursPerDay,
    basis: u.basis,
  };
}

function managedWay(m: ManagedOption): NonNullable<PlanResponse['managed']>[number] {
  return {
    provider: m.price.provider,
    modelId: m.price.modelId,
    inputPerMillionUsd: m.inputPerMillionUsd,
    outputPerMillionUsd: m.outputPerMillionUsd,
    monthlyUsd: fixed(m.monthlyUsd, 2),
    asOf: m.price.asOf,
    why: m.batch
      ? `${m.price.displayName} on Amazon Bedrock batch inference: the whole job, paid per token (${m.price.batchDerived ? 'half the on-demand price, derived' : m.price.source}).`
      : `${m.price.displayName} on Amazon Bedrock on demand: paid per token with nothing idle to pay for (${m.price.source}).`,
  };
}

function curveBlock(c: CostCurve): NonNullable<PlanResponse['costCurve']> {
  return {
    points: c.points.map((p) => ({
      requestsPerDay: p.requestsPerDay,
      ...(p.selfHosted && {
        selfHostedMonthlyUsd: fixed(p.selfHosted.monthlyUsd, 2),
        selfHosted: `${p.selfHosted.instanceCount}x ${p.selfHosted.item.c.machine.instanceType} ${p.selfHosted.purchaseOption}`,
      }),
      ...(p.managedMonthlyUsd !== undefined && { managedMonthlyUsd: fixed(p.managedMonthlyUsd, 2) }),
    })),
    ...(c.breakEvenRequestsPerDay !== undefined && {
      breakEvenRequestsPerDay: sig(c.breakEvenRequestsPerDay, 3),
    }),
  };
}

function optionSummary(o: PlanOption, best: PlanOption): NonNullable<PlanResponse['options']>[number] {
  return {
    label: describeHardware(o),
    instanceType: o.machine.instanceType,
    instanceCount: o.instanceCount,
    acceleratorKind: o.machine.acceleratorKind,
    precision: o.precision,
    purchaseOption: o.purchaseOption,
    hourlyUsd: fixed(o.hourlyUsd),
    monthlyUsd: monthlyOf(o),
    ...(o.jobHours === undefined && { decodeTokensPerSecond: fixed(o.speed, 2) }),
    ...(o.timeToFirstTokenMs !== undefined && { timeToFirstTokenMs: fixed(o.timeToFirstTokenMs, 1) }),
    ...(o.jobHours !== undefined && { jobHours: sig(o.jobHours) }),
    ...(o.jobCostUsd !== undefined && { jobCostUsd: jobUsd(o.jobCostUsd) }),
    recommended:
      o.machine === best.machine && o.precision === best.precision && o.instanceCount === best.instanceCount,
  };
}

/** A miss as data: its binding constraint, the figures behind it, and the sentence. */
export function missBlock(m: PlanMiss): NonNullable<PlanResponse['misses']>[number] {
  const figures: Record<string, number | string | boolean> = {};
  const take = (o: object) => {
    for (const [k, v] of Object.entries(o)) {
      if (k === 'code' || k === 'field') continue;
      if (typeof v === 'number') figures[k] = sig(v);
      else if (typeof v === 'string' || typeof v === 'boolean') figures[k] = v;
    }
  };
  take(m.reason);
  if (m.reason.code === 'memory' && 'note' in m.reason && m.reason.note) take(m.reason.note);
  return {
    code: m.reason.code,
    instanceType: m.instanceType,
    instanceCount: m.instanceCount,
    precision: m.precision,
    hourlyUsd: fixed(m.hourlyUsd),
    factor: sig(m.factor, 3),
    message: missText(m),
    ...figures,
  };
}

/** The v1 response for a plan. */
export function toPlanResponse(p: Plan): PlanResponse {
  const estimateOf = estimateResponses();
  const best = p.recommendation;
  return {
    tier: p.tier,
    recommendation: recommendation(best, estimateOf),
    alternatives: p.alternatives.map((a) => ({
      ...recommendation(a.option, estimateOf),
      why: alternativeWhy(a),
    })),
    rationale: p.rationale.map((item) => rationaleText(item, estimateOf)).filter((s) => s !== ''),
    requirements: requirements(p.requirements),
    pricing: p.pricing,
    ...(p.usage && { usage: usageBlock(p.usage) }),
    ...((p.work === 'inference' || p.work === 'batch') && { managed: p.managed.map(managedWay) }),
    ...(p.costCurve && { costCurve: curveBlock(p.costCurve) }),
    options: p.options.map((o) => optionSummary(o, best)),
    misses: p.misses.map(missBlock),
  };
}

/** The request field to relax for each binding constraint of a miss. */
const missPointers: Record<PlanMiss['reason']['code'], string> = {
  memory: '/model',
  'decode-speed': '/workload/slo/timePerOutputTokenMs',
  'first-token': '/workload/slo/timeToFirstTokenMs',
  budget: '/constraints/maxHourlyUsd',
  deadline: '/workload/deadlineHours',
  replicas: '/workload/traffic',
};

/**
 * The 422 problem's detail, `nearestMiss` extension and the field to relax (its binding
 * constraint) when nothing satisfies a plan request.
 */
export function noFeasiblePlanProblem(error: NoFeasiblePlanError) {
  const m = error.nearestMiss;
  const detail = noFeasiblePlanText(error);
  return {
    detail,
    ...(m && {
      nearestMiss: { instanceType: m.instanceType, instanceCount: m.instanceCount, shortfall: missText(m) },
      errors: [
        {
          pointer: missPointers[m.reason.code],
          message: `${m.instanceType} at ${m.precision}: ${missText(m)} (${m.factor.toFixed(2)}x off)`,
        },
      ],
    }),
  };
}

/**
 * Answer a v1 plan request (`POST /v1/plans`).
 *
 * @throws InputError for well-formed but impossible input (unknown model, region, type or accelerator).
 * @throws NoFeasiblePlanError when nothing satisfies the request (see `noFeasiblePlanProblem`).
 */
export async function planV1(req: PlanRequest, deps: PlannerDeps): Promise<PlanResponse> {
  const input = toPlanInput(req, deps.catalog);
  try {
    return toPlanResponse(await plan(input, deps));
  } catch (error) {
    // The planner raises what the estimator would refuse (a prompt past the context) as data.
    if (error instanceof UnsupportedEstimateError) {
      throw new InputError(rejectionPointer(error.rejection), rejectionText(error.rejection));
    }
    throw error;
  }
}
