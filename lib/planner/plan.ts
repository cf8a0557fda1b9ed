/**
 * Plan a workload: search the hardware the caller owns and every priced instance (and counts of
 * them) at every precision worth trying, keep what fits and meets the requirement, and recommend
 * the cheapest adequate way at the stated usage. The tier names the kind of deployment that comes
 * out of the search and the demand; no rule here looks at model size.
 */
import type {
  CatalogSource,
  ManagedModelPrice,
  PricedInstance,
  PricingProvenance,
} from '../catalog/types.js';
import { bytesPerWeight, bytesToGiB, findModelPreset, loraParameters } from '../model/index.js';
import { checkContext } from '../perf/index.js';
import { alternativesFor } from './alternatives.js';
import { managedBatch, searchBatch } from './batch.js';
import { type HardwareCandidate, hardwareCandidates, isOwned, ownedCandidates } from './candidates.js';
import { NoFeasiblePlanError } from './errors.js';
import type { BatchJob, FineTuningJob, PlanInput, TrainingJob, Way } from './input.js';
import { managedOptions } from './managed.js';
import { cheapest, nearest, type PlanOption } from './options.js';
import {
  cheaperMiss,
  inferenceRequirements,
  modelNeedPerDeviceGiB,
  nearestMisses,
  needsLargeModelHardware,
  tierItem,
} from './plan-common.js';
import { planInference } from './plan-inference.js';
import { atUsage } from './pricing.js';
import type { Plan, RationaleItem, Requirements, Tier } from './result.js';
import { searchOptions } from './search.js';

export interface PlannerDeps {
  catalog: CatalogSource;
}

const allowed = (input: PlanInput, way: Way) => input.constraints?.ways?.includes(way) ?? true;

/**
 * Recommend hardware, a tier and the cost for a workload at its usage.
 *
 * @throws NoFeasiblePlanError when nothing satisfies the request (with the nearest miss).
 */
export async function plan(input: PlanInput, deps: PlannerDeps): Promise<Plan> {
  const { instances, pricing } = await deps.catalog.getRegion(input.region);
  const owned = allowed(input, 'owned') ? ownedCandidates(input.owned, input.constraints) : [];
  const cloud = allowed(input, 'instance') ? hardwareCandidates(instances, input.constraints) : [];
  const candidates = [...owned, ...cloud];
  const w = input.workload;
  const spot =
    input.constraints?.purchaseOption === 'spot' && allowed(input, 'instance')
      ? spotBasis(instances, input, cloud.length)
      : undefined;
  const planned = await planWork(input, deps, w, candidates, cloud.length, pricing);
  if (spot) planned.rationale.unshift(spot);
  if (
    input.presetBy === 'shapes' &&
    (w.kind === 'inference' || w.kind === 'batch') &&
    allowed(input, 'managed')
  ) {
    const preset = input.presetId === undefined ? undefined : findModelPreset(input.presetId);
    if (preset) planned.rationale.unshift({ code: 'preset-shapes', preset: preset.architecture.name });
  }
  return planned;
}

/** What searching on spot prices left out, said plainly: spot prices exist for few types. */
function spotBasis(
  instances: readonly PricedInstance[],
  input: PlanInput,
  typesWithSpot: number,
): RationaleItem {
  const onDemand = hardwareCandidates(instances, {
    ...input.constraints,
    purchaseOption: 'on-demand',
  }).length;
  return {
    code: 'spot-basis',
    typesWithSpot,
    typesOnDemand: onDemand,
    indicative: instances.some((i) => i.spotHourlyUsd !== undefined && i.spotIndicative !== false),
  };
}

async function planWork(
  input: PlanInput,
  deps: PlannerDeps,
  w: PlanInput['workload'],
  candidates: readonly HardwareCandidate[],
  cloudCount: number,
  pricing: PricingProvenance,
): Promise<Plan> {
  if (w.kind === 'inference') {
    const managed = await managedPrices(input, deps.catalog);
    return planInference(input, w, { candidates, cloudCount, pricing, managed });
  }
  if (w.kind === 'batch') {
    const managed = await managedPrices(input, deps.catalog);
    return planBatch(input, w, candidates, cloudCount, pricing, managed);
  }
  return planJob(input, w, candidates, cloudCount, pricing);
}

/** Managed prices for the model in the region, and why there are none when there are none. */
async function managedPrices(
  input: PlanInput,
  catalog: CatalogSource,
): Promise<{ prices: readonly ManagedModelPrice[]; missing?: 'custom-model' | 'not-offered' | 'excluded' }> {
  if (!allowed(input, 'managed')) return { prices: [], missing: 'excluded' };
  if (input.presetId === undefined) return { prices: [], missing: 'custom-model' };
  const all = (await catalog.getManagedPrices(input.region)).prices;
  const prices = all.filter((p) => p.model === input.presetId);
  return prices.length > 0 ? { prices } : { prices: [], missing: 'not-offered' };
}

/** Offline batch inference: priced as a job, with Bedrock's batch price as the comparison. */
function planBatch(
  input: PlanInput,
  w: BatchJob,
  candidates: readonly HardwareCandidate[],
  cloudCount: number,
  pricing: PricingProvenance,
  managedPrice: Awaited<ReturnType<typeof managedPrices>>,
): Plan {
  checkContext(input.model, w);
  const { options: found, misses, stats } = searchBatch(candidates, input, w);
  const options = found.map((o) => atUsage(o, 24));
  const best = cheapest(options);
  if (!best) throw new NoFeasiblePlanError(input.region, nearest(misses));
  // The tier follows what the model needs on a device, not the KV cache the job fills memory with.
  const need = modelNeedPerDeviceGiB(best);
  const tier: Tier =
    needsLargeModelHardware(best, need) || best.instanceCount > 1 ? 'large-model' : 'personal';
  const managed = managedBatch(
    managedOptions(managedPrice.prices, input.presetId, { requestsPerDay: 0, ...w }),
    w,
  );
  const tokens = w.requests * (w.inputTokens + w.outputTokens);
  const rationale: RationaleItem[] = [
    {
      code: 'batch-needs',
      model: input.model.name,
      requests: w.requests,
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
      tokens,
      deadlineHours: w.deadlineHours,
      flops: 2 * input.model.activeParameters * tokens,
    },
    tierItem(tier, best, { job: true, perDeviceGiB: need }),
    isOwned(best.machine)
      ? { code: 'owned-fits', option: best }
      : { code: 'cheapest', option: best, searched: cloudCount, cheaperMiss: cheaperMiss(best, misses) },
    {
      code: 'managed-batch',
      managed: managed[0],
      ...(managedPrice.missing && { missing: managedPrice.missing }),
      jobCostUsd: best.jobCostUsd ?? 0,
    },
  ];
  return {
    work: 'batch',
    tier,
    recommendation: best,
    alternatives: alternativesFor(best, options, {
      activeHoursPerDay: 24,
      suggestPartTime: false,
      basis: input.constraints?.purchaseOption,
      job: true,
    }),
    rationale,
    requirements: inferenceRequirements(input, best, {
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
      slo: {
        timeToFirstTokenMs: w.deadlineHours * 3_600_000,
        timePerOutputTokenMs: w.deadlineHours * 3_600_000,
      },
    }),
    pricing,
    managed,
    options,
    misses: nearestMisses(misses),
    search: stats,
  };
}

/** Training and fine-tuning: priced as a job on the cheapest hardware that meets the deadline. */
function planJob(
  input: PlanInput,
  w: TrainingJob | FineTuningJob,
  candidates: readonly HardwareCandidate[],
  cloudCount: number,
  pricing: PricingProvenance,
): Plan {
  const { options: found, misses, stats } = searchOptions(candidates, { input });
  const options = found.map((o) => atUsage(o, 24));
  const best = cheapest(options);
  if (!best) throw new NoFeasiblePlanError(input.region, nearest(misses));
  // A job on several machines or accelerators, or on more memory than a 24 GB-class GPU holds, is a
  // large-model job; one machine of that size is a personal one.
  const tier: Tier = needsLargeModelHardware(best) || best.instanceCount > 1 ? 'large-model' : 'personal';
  const { model } = input;
  const rationale: RationaleItem[] = [
    {
      code: 'training-needs',
      model: model.name,
      work: w.kind === 'fine-tuning' ? w.method : 'training',
      tokens: w.tokens,
      flops: 6 * model.activeParameters * w.tokens,
      ...(w.deadlineHours && { deadlineHours: w.deadlineHours }),
    },
    tierItem(tier, best, { job: true }),
    isOwned(best.machine)
      ? { code: 'owned-fits', option: best }
      : { code: 'cheapest', option: best, searched: cloudCount, cheaperMiss: cheaperMiss(best, misses) },
  ];
  return {
    work: w.kind,
    tier,
    recommendation: best,
    alternatives: alternativesFor(best, options, {
      activeHoursPerDay: 24,
      suggestPartTime: false,
      basis: input.constraints?.purchaseOption,
      job: true,
    }),
    rationale,
    requirements: jobRequirements(input, w, best),
    pricing,
    managed: [],
    options,
    misses: nearestMisses(misses),
    search: stats,
  };
}

function jobRequirements(input: PlanInput, w: TrainingJob | FineTuningJob, best: PlanOption): Requirements {
  const { model } = input;
  // Model states, wherever they are sharded: mixed-precision AdamW keeps 16 bytes per trained
  // parameter; LoRA trains only the adapters over a frozen base.
  const parameterEfficient = w.kind === 'fine-tuning' && w.method !== 'full';
  const loraRank = best.estimate.kind === 'training' ? best.estimate.assumptions.loraRank : undefined;
  const statesBytes = parameterEfficient
    ? model.parameters * bytesPerWeight(best.precision) + loraParameters(model, loraRank ?? 16) * 16
    : model.parameters * 16;
  return {
    memoryGiB: bytesToGiB(statesBytes),
    weightsGiB: bytesToGiB(model.parameters * bytesPerWeight(best.precision)),
    trainingFlops: 6 * model.activeParameters * w.tokens,
    ...(w.deadlineHours !== undefined && { deadlineHours: w.deadlineHours }),
  };
}
