/**
 * Plan a workload: search the hardware the caller owns and every priced instance (and counts of
 * them) at every precision worth trying, keep what fits and meets the requirement, and recommend
 * the cheapest adequate way at the stated usage. The tier names the kind of deployment that comes
 * out of the search and the demand; no rule here looks at model size.
 */
import type { CatalogSource, ManagedModelPrice, PricingProvenance } from '../catalog/types.js';
import { bytesPerWeight, bytesToGiB, loraParameters } from '../model/index.js';
import { alternativesFor } from './alternatives.js';
import { type HardwareCandidate, hardwareCandidates, isOwned, ownedCandidates } from './candidates.js';
import { NoFeasiblePlanError } from './errors.js';
import type { FineTuningJob, PlanInput, TrainingJob, Way } from './input.js';
import { cheapest, nearest, type PlanOption } from './options.js';
import { cheaperMiss, nearestMisses, needsLargeModelHardware, tierItem } from './plan-common.js';
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
  if (w.kind === 'inference') {
    const managed = await managedPrices(input, deps.catalog);
    return planInference(input, w, { candidates, cloudCount: cloud.length, pricing, managed });
  }
  return planJob(input, w, candidates, cloud.length, pricing);
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
