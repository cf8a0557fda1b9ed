/**
 * Plan a workload: search every priced instance (and counts of them) and every precision worth
 * trying, keep what fits and meets the requirement, and recommend the cheapest. The tier names
 * the kind of deployment that comes out of the search; no rule here looks at model size.
 */
import type { CatalogSource } from '../catalog/types.js';
import { bytesPerWeight, bytesToGiB, kvCacheBytes, loraParameters } from '../model/index.js';
import { hardwareCandidates, priceFor } from './candidates.js';
import { defaultSlo, LARGE_MODEL_DEVICE_GIB, REQUESTS_PER_DAY_PEAK_FACTOR } from './defaults.js';
import { NoFeasiblePlanError } from './errors.js';
import type { InferenceGoal } from './inference.js';
import type { PlanInput } from './input.js';
import { cheapest, costOf, nearest, type PlanMiss, type PlanOption } from './options.js';
import type { Alternative, Plan, RationaleItem, Requirements, Tier } from './result.js';
import { searchOptions } from './search.js';

export interface PlannerDeps {
  catalog: CatalogSource;
}

/** Spot price for the same option, when the catalog knows one. */
function spotVariant(o: PlanOption): PlanOption | undefined {
  const spot = priceFor(o.instance, 'spot');
  if (o.purchaseOption === 'spot' || spot === undefined) return undefined;
  const scale = spot / o.unitHourlyUsd;
  return {
    ...o,
    purchaseOption: 'spot',
    unitHourlyUsd: spot,
    hourlyUsd: o.hourlyUsd * scale,
    ...(o.costPerMillionOutputTokensUsd !== undefined && {
      costPerMillionOutputTokensUsd: o.costPerMillionOutputTokensUsd * scale,
    }),
    ...(o.jobCostUsd !== undefined && { jobCostUsd: o.jobCostUsd * scale }),
  };
}

function alternativesFor(best: PlanOption, options: readonly PlanOption[], input: PlanInput): Alternative[] {
  const out: Alternative[] = [];
  const seen = new Set([`${best.instance.instanceType}/${best.precision}/${best.purchaseOption}`]);
  const add = (option: PlanOption | undefined, why: Alternative['why']) => {
    if (!option) return;
    const key = `${option.instance.instanceType}/${option.precision}/${option.purchaseOption}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ option, why });
  };
  const ratio = (o: PlanOption) => costOf(o) / costOf(best);
  const fastest = options.reduce((a, b) => (b.speed > a.speed ? b : a), best);
  if (fastest !== best && fastest.speed > best.speed * 1.05) {
    add(fastest, { code: 'fastest', speedup: fastest.speed / best.speed, costRatio: ratio(fastest) });
  }
  for (const kind of ['cpu', 'gpu', 'neuron'] as const) {
    if (kind === best.instance.acceleratorKind) continue;
    const other = cheapest(options.filter((o) => o.instance.acceleratorKind === kind));
    if (other) add(other, { code: 'cheapest-of-kind', kind, costRatio: ratio(other) });
  }
  const runnerUp = cheapest(options.filter((o) => o.instance.instanceType !== best.instance.instanceType));
  if (runnerUp) add(runnerUp, { code: 'runner-up', costRatio: ratio(runnerUp) });
  if (input.constraints?.purchaseOption !== 'on-demand') {
    // Spot for the same hardware when its price is known, else the cheapest option that has one.
    const same = spotVariant(best);
    const spotCost = (o: PlanOption) =>
      costOf(o) * ((priceFor(o.instance, 'spot') ?? Number.POSITIVE_INFINITY) / o.unitHourlyUsd);
    const cheapestAtSpot = options.reduce<PlanOption | undefined>(
      (a, o) => (!a || spotCost(o) < spotCost(a) ? o : a),
      undefined,
    );
    // Only the chosen one is copied: copying reads its (lazily built) estimate.
    const spot = same ?? (cheapestAtSpot && spotVariant(cheapestAtSpot));
    if (spot) add(spot, { code: 'spot', sameHardware: same !== undefined, costRatio: ratio(spot) });
  }
  return out;
}

/** Accelerators one replica (inference) or the whole job (training) uses. */
export function acceleratorsUsed(best: PlanOption): number {
  const e = best.estimate;
  if (best.instance.acceleratorKind === 'cpu') return 0;
  return e.kind === 'training'
    ? e.memory.devices
    : e.assumptions.tensorParallel * e.assumptions.pipelineParallel;
}

/**
 * The kind of deployment the search produced: traffic makes it customer-facing; needing several
 * accelerators, or more memory on one than the commonest single GPUs hold, makes it a large-model
 * deployment; anything else is personal.
 */
function tierOf(input: PlanInput, best: PlanOption): Tier {
  const w = input.workload;
  if (w.kind === 'inference' && w.traffic && Object.values(w.traffic).some((v) => v !== undefined)) {
    return 'customer-facing';
  }
  const used = acceleratorsUsed(best);
  if (used > 1 || (used === 1 && best.estimate.memory.perDeviceGiB > LARGE_MODEL_DEVICE_GIB))
    return 'large-model';
  return 'personal';
}

function inferenceGoal(input: PlanInput, rationale: RationaleItem[]): InferenceGoal | undefined {
  const w = input.workload;
  if (w.kind !== 'inference') return undefined;
  const traffic = w.traffic ?? {};
  const hasTraffic = Object.values(traffic).some((v) => v !== undefined);
  const demand = hasTraffic ? 'customer-facing' : 'personal';
  const defaults = defaultSlo[demand];
  const slo = {
    timeToFirstTokenMs: w.slo?.timeToFirstTokenMs ?? defaults.timeToFirstTokenMs,
    timePerOutputTokenMs: w.slo?.timePerOutputTokenMs ?? defaults.timePerOutputTokenMs,
  };
  if (!w.slo?.timeToFirstTokenMs || !w.slo?.timePerOutputTokenMs) {
    rationale.push({ code: 'default-slo', demand, ...slo });
  }
  let requestsPerSecond = traffic.requestsPerSecond;
  if (traffic.requestsPerDay !== undefined) {
    const peak = (traffic.requestsPerDay / 86_400) * REQUESTS_PER_DAY_PEAK_FACTOR;
    rationale.push({
      code: 'daily-peak',
      requestsPerDay: traffic.requestsPerDay,
      peakRequestsPerSecond: peak,
      peakFactor: REQUESTS_PER_DAY_PEAK_FACTOR,
    });
    requestsPerSecond = Math.max(requestsPerSecond ?? 0, peak);
  }
  return {
    inputTokens: w.inputTokens,
    outputTokens: w.outputTokens,
    slo,
    requestsPerSecond,
    concurrentRequests: traffic.concurrentRequests,
  };
}

/**
 * Recommend hardware, a tier and the cost for a workload.
 *
 * @throws NoFeasiblePlanError when nothing in the catalog satisfies the request (with the nearest miss).
 */
export async function plan(input: PlanInput, deps: PlannerDeps): Promise<Plan> {
  const { instances, pricing } = await deps.catalog.getRegion(input.region);
  const rationale: RationaleItem[] = [];
  const goal = inferenceGoal(input, rationale);

  const candidates = hardwareCandidates(instances, input.constraints);
  const { options, misses, stats } = searchOptions(candidates, { input, goal });

  const best = cheapest(options);
  if (!best) throw new NoFeasiblePlanError(input.region, nearest(misses));

  const tier = tierOf(input, best);
  rationale.push(...needs(input, best, goal), {
    code: 'tier',
    tier,
    replicas: best.replicas ?? 1,
    accelerators: acceleratorsUsed(best),
    perDeviceGiB: best.estimate.memory.perDeviceGiB,
    largeModelGiB: LARGE_MODEL_DEVICE_GIB,
  });
  rationale.push({
    code: 'cheapest',
    option: best,
    searched: candidates.length,
    cheaperMiss: cheaperMiss(best, misses),
  });
  return {
    tier,
    recommendation: best,
    alternatives: alternativesFor(best, options, input),
    rationale,
    requirements: requirementsOf(input, best, goal),
    pricing,
    search: stats,
  };
}

/** The cheaper hardware that did not make it, nearest first: the reason this tier and kind won. */
function cheaperMiss(best: PlanOption, misses: readonly PlanMiss[]): PlanMiss | undefined {
  return misses.filter((m) => m.hourlyUsd < best.hourlyUsd).sort((a, b) => a.factor - b.factor)[0];
}

function needs(input: PlanInput, best: PlanOption, goal?: InferenceGoal): RationaleItem[] {
  const { model } = input;
  const weightsGiB = bytesToGiB(model.parameters * bytesPerWeight(best.precision));
  if (goal) {
    const sequenceTokens = goal.inputTokens + goal.outputTokens;
    const out: RationaleItem[] = [
      {
        code: 'inference-needs',
        model: model.name,
        precision: best.precision,
        weightsGiB,
        kvCacheGiBPerSequence: bytesToGiB(kvCacheBytes(model, sequenceTokens, 2)),
        sequenceTokens,
      },
    ];
    if (best.replicas !== undefined && best.requestsPerSecondPerReplica !== undefined) {
      out.push({
        code: 'replicas',
        requestsPerSecondPerReplica: best.requestsPerSecondPerReplica,
        replicas: best.replicas,
        sequencesInFlight: best.concurrency ?? 1,
      });
    }
    return out;
  }
  const w = input.workload;
  const tokens = w.kind === 'inference' ? 0 : w.tokens;
  return [
    {
      code: 'training-needs',
      model: model.name,
      work: w.kind === 'fine-tuning' ? w.method : 'training',
      tokens,
      flops: 6 * model.activeParameters * tokens,
      ...(w.kind !== 'inference' && w.deadlineHours && { deadlineHours: w.deadlineHours }),
    },
  ];
}

function requirementsOf(input: PlanInput, best: PlanOption, goal?: InferenceGoal): Requirements {
  const { model } = input;
  const weightsGiB = bytesToGiB(model.parameters * bytesPerWeight(best.precision));
  if (goal) {
    const sequences = best.concurrency ?? 1;
    const kvCacheGiB = bytesToGiB(kvCacheBytes(model, goal.inputTokens + goal.outputTokens, 2) * sequences);
    return {
      memoryGiB: weightsGiB + kvCacheGiB,
      weightsGiB,
      kvCacheGiB,
      concurrentSequences: sequences,
      ...(goal.requestsPerSecond !== undefined && { requestsPerSecond: goal.requestsPerSecond }),
      decodeTokensPerSecond: 1000 / goal.slo.timePerOutputTokenMs,
      timeToFirstTokenMs: goal.slo.timeToFirstTokenMs,
    };
  }
  const w = input.workload;
  const tokens = w.kind === 'inference' ? 0 : w.tokens;
  // Model states, wherever they are sharded: mixed-precision AdamW keeps 16 bytes per trained
  // parameter; LoRA trains only the adapters over a frozen base.
  const parameterEfficient = w.kind === 'fine-tuning' && w.method !== 'full';
  const loraRank = best.estimate.kind === 'training' ? best.estimate.assumptions.loraRank : undefined;
  const statesBytes = parameterEfficient
    ? model.parameters * bytesPerWeight(best.precision) + loraParameters(model, loraRank ?? 16) * 16
    : model.parameters * 16;
  return {
    memoryGiB: bytesToGiB(statesBytes),
    weightsGiB,
    trainingFlops: 6 * model.activeParameters * tokens,
    ...(w.kind !== 'inference' && w.deadlineHours !== undefined && { deadlineHours: w.deadlineHours }),
  };
}
