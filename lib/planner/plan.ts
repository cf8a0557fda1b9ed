/**
 * `POST /v1/plans`: search every priced instance (and counts of them) and every precision worth
 * trying, keep what fits and meets the requirement, and recommend the cheapest. The tier names
 * the kind of deployment that comes out of the search; no rule here looks at model size.
 */
import type { CatalogSource, PricedInstance } from '../catalog/types.js';
import type { Alternative, PlanRequest, PlanResponse, Recommendation } from '../contract/plan.js';
import { findAccelerator } from '../hardware/index.js';
import { bytesPerWeight, bytesToGiB, kvCacheBytes, loraParameters } from '../model/index.js';
import { EstimateInputError } from '../perf/errors.js';
import { resolveModelRef } from '../perf/estimate.js';
import { roundSignificant } from '../perf/estimate-common.js';
import { hardwareCandidates, priceFor } from './candidates.js';
import {
  defaultSlo,
  HOURS_PER_MONTH,
  LARGE_MODEL_DEVICE_GIB,
  REQUESTS_PER_DAY_PEAK_FACTOR,
} from './defaults.js';
import { NoFeasiblePlanError } from './errors.js';
import type { InferenceGoal } from './inference.js';
import { cheapest, costOf, nearest, type PlanMiss, type PlanOption } from './options.js';
import { searchOptions } from './search.js';

export interface PlannerDeps {
  catalog: CatalogSource;
}

type Tier = PlanResponse['tier'];
const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const usd = (x: number) => (x >= 100 ? `$${x.toFixed(0)}` : `$${x.toFixed(x >= 1 ? 2 : 3)}`);

function describeHardware(o: { instance: PricedInstance; instanceCount: number }): string {
  const i = o.instance;
  const what = i.accelerator
    ? `${i.acceleratorCount}x ${findAccelerator(i.accelerator)?.name ?? i.accelerator}`
    : `${i.vcpus} vCPUs, ${i.cpu}`;
  return `${o.instanceCount > 1 ? `${o.instanceCount}x ` : ''}${i.instanceType} (${what})`;
}

function toRecommendation(o: PlanOption): Recommendation {
  return {
    instanceType: o.instance.instanceType,
    instanceCount: o.instanceCount,
    acceleratorKind: o.instance.acceleratorKind,
    precision: o.precision,
    purchaseOption: o.purchaseOption,
    hourlyUsd: round(o.hourlyUsd),
    monthlyUsd: round(o.hourlyUsd * HOURS_PER_MONTH, 2),
    ...(o.costPerMillionOutputTokensUsd !== undefined && {
      costPerMillionOutputTokensUsd: round(o.costPerMillionOutputTokensUsd, 4),
    }),
    ...(o.jobCostUsd !== undefined && { jobCostUsd: roundSignificant(o.jobCostUsd, 4) }),
    ...(o.jobHours !== undefined && { jobHours: roundSignificant(o.jobHours, 4) }),
    estimate: o.estimate,
  };
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

function alternativesFor(best: PlanOption, options: readonly PlanOption[], req: PlanRequest): Alternative[] {
  const out: Alternative[] = [];
  const seen = new Set([`${best.instance.instanceType}/${best.precision}/${best.purchaseOption}`]);
  const add = (o: PlanOption | undefined, why: string) => {
    if (!o) return;
    const key = `${o.instance.instanceType}/${o.precision}/${o.purchaseOption}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ...toRecommendation(o), why });
  };
  const ratio = (o: PlanOption) => (costOf(o) / costOf(best)).toFixed(1);
  const fastest = options.reduce((a, b) => (b.speed > a.speed ? b : a), best);
  if (fastest !== best && fastest.speed > best.speed * 1.05) {
    const speedup = (fastest.speed / best.speed).toFixed(1);
    add(fastest, `Fastest option: ${speedup}x the speed for ${ratio(fastest)}x the cost.`);
  }
  for (const kind of ['cpu', 'gpu', 'neuron'] as const) {
    if (kind === best.instance.acceleratorKind) continue;
    const other = cheapest(options.filter((o) => o.instance.acceleratorKind === kind));
    if (other)
      add(
        other,
        `Cheapest ${kind === 'cpu' ? 'CPU' : kind === 'gpu' ? 'GPU' : 'Neuron (Inferentia/Trainium)'} option: ${ratio(other)}x the cost.`,
      );
  }
  const runnerUp = cheapest(options.filter((o) => o.instance.instanceType !== best.instance.instanceType));
  if (runnerUp) add(runnerUp, `Next cheapest hardware: ${ratio(runnerUp)}x the cost.`);
  if (req.constraints?.purchaseOption !== 'on-demand') {
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
    if (spot) {
      const where = same
        ? 'Same hardware'
        : `Cheapest option with a known spot price (${spot.instance.instanceType})`;
      add(
        spot,
        `${where} on spot at an indicative ${usd(spot.unitHourlyUsd)}/h: ${ratio(spot)}x the cost, but it can be interrupted.`,
      );
    }
  }
  return out;
}

/** Accelerators one replica (inference) or the whole job (training) uses. */
function acceleratorsUsed(best: PlanOption): number {
  const e = best.estimate;
  if (best.instance.acceleratorKind === 'cpu') return 0;
  return e.training ? e.memory.devices : e.assumptions.tensorParallel * e.assumptions.pipelineParallel;
}

/**
 * The kind of deployment the search produced: traffic makes it customer-facing; needing several
 * accelerators, or more memory on one than the commonest single GPUs hold, makes it a large-model
 * deployment; anything else is personal.
 */
function tierOf(req: PlanRequest, best: PlanOption): Tier {
  const w = req.workload;
  if (w.kind === 'inference' && w.traffic && Object.values(w.traffic).some((v) => v !== undefined)) {
    return 'customer-facing';
  }
  const used = acceleratorsUsed(best);
  if (used > 1 || (used === 1 && best.estimate.memory.perDeviceGiB > LARGE_MODEL_DEVICE_GIB))
    return 'large-model';
  return 'personal';
}

function tierSentence(tier: Tier, best: PlanOption): string {
  if (tier === 'customer-facing') {
    const replicas = best.replicas ?? 1;
    return `Tier customer-facing: sustained traffic with latency targets, served by a fleet of ${replicas} replica${replicas > 1 ? 's' : ''}.`;
  }
  if (tier === 'large-model') {
    const used = acceleratorsUsed(best);
    return used > 1
      ? `Tier large-model: the workload needs ${used} accelerators working together.`
      : `Tier large-model: it needs ${best.estimate.memory.perDeviceGiB.toFixed(1)} GiB on one accelerator, more than a ${LARGE_MODEL_DEVICE_GIB} GiB (24 GB-class) GPU holds.`;
  }
  return 'Tier personal: one instance for light, single-user use.';
}

function inferenceGoal(req: PlanRequest, rationale: string[]): InferenceGoal | undefined {
  const w = req.workload;
  if (w.kind !== 'inference') return undefined;
  const traffic = w.traffic ?? {};
  const hasTraffic = Object.values(traffic).some((v) => v !== undefined);
  const defaults = defaultSlo[hasTraffic ? 'customer-facing' : 'personal'];
  const slo = {
    timeToFirstTokenMs: w.slo?.timeToFirstTokenMs ?? defaults.timeToFirstTokenMs,
    timePerOutputTokenMs: w.slo?.timePerOutputTokenMs ?? defaults.timePerOutputTokenMs,
  };
  if (!w.slo?.timeToFirstTokenMs || !w.slo?.timePerOutputTokenMs) {
    rationale.push(
      `No complete SLO given, so the plan assumes ${defaults.why} (first token within ${slo.timeToFirstTokenMs} ms, at most ${slo.timePerOutputTokenMs} ms per output token).`,
    );
  }
  let requestsPerSecond = traffic.requestsPerSecond;
  if (traffic.requestsPerDay !== undefined) {
    const peak = (traffic.requestsPerDay / 86_400) * REQUESTS_PER_DAY_PEAK_FACTOR;
    rationale.push(
      `${traffic.requestsPerDay} requests per day is sized for a peak of ${peak.toFixed(2)} requests/s (${REQUESTS_PER_DAY_PEAK_FACTOR}x the daily average).`,
    );
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

function checkConstraints(req: PlanRequest, catalog: CatalogSource, region: string): void {
  if (!catalog.regions().includes(region)) {
    throw new EstimateInputError(
      '/region',
      `no prices for region "${region}"; known: ${catalog.regions().join(', ')}`,
    );
  }
  req.constraints?.instanceTypes?.forEach((t, index) => {
    if (!catalog.findInstanceSpec(t)) {
      throw new EstimateInputError(`/constraints/instanceTypes/${index}`, `unknown instance type "${t}"`);
    }
  });
}

/**
 * Recommend hardware, a tier and the cost for a workload.
 *
 * @throws EstimateInputError for well-formed but impossible input (unknown model, region or type).
 * @throws NoFeasiblePlanError when nothing in the catalog satisfies the request (with the nearest miss).
 */
export async function plan(req: PlanRequest, deps: PlannerDeps): Promise<PlanResponse> {
  const region = req.region ?? 'us-east-1';
  checkConstraints(req, deps.catalog, region);
  const model = resolveModelRef(req.model);
  const { instances, pricing } = await deps.catalog.getRegion(region);
  const rationale: string[] = [];
  const estimatorDeps = { findInstanceSpec: (t: string) => deps.catalog.findInstanceSpec(t) };
  const goal = inferenceGoal(req, rationale);

  const candidates = hardwareCandidates(instances, req.constraints);
  const { options, misses } = searchOptions(candidates, { req, model, goal, deps: estimatorDeps });

  const best = cheapest(options);
  if (!best) {
    const miss = nearest(misses);
    throw new NoFeasiblePlanError(
      miss
        ? `No hardware in ${region} satisfies the request. Nearest miss: ${miss.instanceCount > 1 ? `${miss.instanceCount}x ` : ''}${miss.instanceType} at ${miss.precision}: ${miss.shortfall} (${miss.factor.toFixed(2)}x off).`
        : `No priced hardware in ${region} can run this workload with the given engine, precision and constraints.`,
      miss && {
        instanceType: miss.instanceType,
        instanceCount: miss.instanceCount,
        shortfall: miss.shortfall,
      },
    );
  }

  const tier = tierOf(req, best);
  rationale.push(...needsSentences(req, model, best, goal), tierSentence(tier, best));
  rationale.push(whySentence(best, misses, candidates.length));
  return {
    tier,
    recommendation: toRecommendation(best),
    alternatives: alternativesFor(best, options, req),
    rationale,
    requirements: requirementsOf(req, model, best, goal),
    pricing,
  };
}

type ResolvedModelT = ReturnType<typeof resolveModelRef>;

function needsSentences(
  req: PlanRequest,
  model: ResolvedModelT,
  best: PlanOption,
  goal?: InferenceGoal,
): string[] {
  const weightsGiB = bytesToGiB(model.parameters * bytesPerWeight(best.precision));
  if (goal) {
    const kvGiB = bytesToGiB(kvCacheBytes(model, goal.inputTokens + goal.outputTokens, 2));
    const out = [
      `${model.name} at ${best.precision} needs ${weightsGiB.toFixed(1)} GiB for its weights and ${kvGiB.toFixed(2)} GiB of KV cache per ${goal.inputTokens + goal.outputTokens}-token sequence; each generated token streams the weights once, so decode speed is set by memory bandwidth.`,
    ];
    if (best.replicas !== undefined && best.requestsPerSecondPerReplica !== undefined) {
      out.push(
        `One replica sustains ${best.requestsPerSecondPerReplica.toFixed(2)} requests/s within the SLO; the traffic needs ${best.replicas} replica${best.replicas > 1 ? 's' : ''} (${best.concurrency} sequences in flight by Little's law).`,
      );
    }
    return out;
  }
  const w = req.workload;
  const tokens = w.kind === 'inference' ? 0 : w.tokens;
  const flops = 6 * model.activeParameters * tokens;
  return [
    `${model.name} ${w.kind === 'fine-tuning' ? `${w.method} fine-tuning` : 'training'} over ${tokens.toExponential(2)} tokens is about ${flops.toExponential(2)} FLOPs (6 per active parameter per token)${w.kind !== 'inference' && w.deadlineHours ? `, within ${w.deadlineHours} h` : ''}.`,
  ];
}

function whySentence(best: PlanOption, misses: readonly PlanMiss[], searched: number): string {
  const inf = best.estimate.inference;
  const speed = inf
    ? `it decodes at ${inf.decodeTokensPerSecond.toFixed(1)} tokens/s per stream with a first token after ${inf.timeToFirstTokenMs.toFixed(0)} ms (${inf.bottleneck} bound)`
    : `the job takes ${best.jobHours?.toFixed(1)} h for ${usd(best.jobCostUsd ?? 0)}`;
  let sentence = `${describeHardware(best)} at ${best.precision} is the cheapest way to meet the requirement among the ${searched} instance types searched, at ${usd(best.hourlyUsd)}/h; ${speed}.`;
  // The cheaper hardware that did not make it, and why: the reason this tier and kind won.
  const cheaperMiss = misses
    .filter((m) => m.hourlyUsd < best.hourlyUsd)
    .sort((a, b) => a.factor - b.factor)[0];
  if (cheaperMiss) {
    sentence += ` Cheaper hardware falls short: ${cheaperMiss.instanceType} at ${cheaperMiss.precision} ${cheaperMiss.shortfall}.`;
  }
  return sentence;
}

function requirementsOf(
  req: PlanRequest,
  model: ResolvedModelT,
  best: PlanOption,
  goal?: InferenceGoal,
): PlanResponse['requirements'] {
  const weightsGiB = bytesToGiB(model.parameters * bytesPerWeight(best.precision));
  if (goal) {
    const sequences = best.concurrency ?? 1;
    const kvCacheGiB = bytesToGiB(kvCacheBytes(model, goal.inputTokens + goal.outputTokens, 2) * sequences);
    return {
      memoryGiB: round(weightsGiB + kvCacheGiB, 3),
      weightsGiB: round(weightsGiB, 3),
      kvCacheGiB: round(kvCacheGiB, 3),
      concurrentSequences: sequences,
      ...(goal.requestsPerSecond !== undefined && { requestsPerSecond: round(goal.requestsPerSecond, 4) }),
      decodeTokensPerSecond: round(1000 / goal.slo.timePerOutputTokenMs, 2),
      timeToFirstTokenMs: goal.slo.timeToFirstTokenMs,
    };
  }
  const w = req.workload;
  const tokens = w.kind === 'inference' ? 0 : w.tokens;
  // Model states, wherever they are sharded: mixed-precision AdamW keeps 16 bytes per trained
  // parameter; LoRA trains only the adapters over a frozen base.
  const parameterEfficient = w.kind === 'fine-tuning' && w.method !== 'full';
  const statesBytes = parameterEfficient
    ? model.parameters * bytesPerWeight(best.precision) +
      loraParameters(model, best.estimate.assumptions.loraRank ?? 16) * 16
    : model.parameters * 16;
  return {
    memoryGiB: round(bytesToGiB(statesBytes), 3),
    weightsGiB: round(weightsGiB, 3),
    trainingFlops: 6 * model.activeParameters * tokens,
    ...(w.kind !== 'inference' && w.deadlineHours !== undefined && { deadlineHours: w.deadlineHours }),
  };
}
