/**
 * Inference candidates: does the model fit (on one instance, or pipelined over a few), does it meet
 * the latency SLO, and how many replicas does the traffic need (Little's law: sequences in flight =
 * arrival rate x request latency).
 */
import type { Engine, EstimateResponse, ModelRef, Precision } from '../contract/schemas.js';
import { findAccelerator } from '../hardware/index.js';
import { BYTES_PER_GIB } from '../model/units.js';
import { type EstimatorDeps, estimate } from '../perf/estimate.js';
import type { HardwareCandidate } from './candidates.js';
import { MAX_INSTANCES_PER_REPLICA, MAX_REPLICAS } from './defaults.js';
import type { PlanMiss, PlanOption } from './options.js';

export interface InferenceGoal {
  inputTokens: number;
  outputTokens: number;
  slo: { timeToFirstTokenMs: number; timePerOutputTokenMs: number };
  /** Sustained arrivals (requestsPerSecond, or requestsPerDay at its peak). */
  requestsPerSecond?: number;
  concurrentRequests?: number;
}

export interface InferenceContext {
  model: ModelRef;
  /** Weight bytes per parameter x parameters, by precision (for the quick fit check). */
  weightBytes: (precision: Precision) => number;
  engine?: Engine;
  goal: InferenceGoal;
  deps: EstimatorDeps;
  maxHourlyUsd?: number;
}

/** Largest per-replica batch the search tries (engines cap far below this). */
const MAX_SEQUENCES_SEARCHED = 8192;

/** Instances one replica needs so the weights fit, assuming ~90% of memory is usable. */
function instancesPerReplica(c: HardwareCandidate, weightBytes: number): number {
  const i = c.instance;
  const spec = i.accelerator ? findAccelerator(i.accelerator) : undefined;
  const memoryGiB = spec ? spec.memoryGiB * i.acceleratorCount : i.memoryGiB;
  return Math.max(1, Math.ceil(weightBytes / BYTES_PER_GIB / (memoryGiB * 0.85)));
}

function meetsSlo(e: EstimateResponse, goal: InferenceGoal): boolean {
  return (
    e.fits &&
    e.inference !== undefined &&
    e.inference.timeToFirstTokenMs <= goal.slo.timeToFirstTokenMs &&
    e.inference.timePerOutputTokenMs <= goal.slo.timePerOutputTokenMs
  );
}

function sloShortfall(
  e: EstimateResponse,
  goal: InferenceGoal,
): { shortfall: string; factor: number; fits: boolean } {
  const inf = e.inference;
  if (!e.fits || !inf) {
    const factor =
      e.memory.perDeviceGiB /
      Math.max(1e-9, e.memory.capacityPerDeviceGiB * e.assumptions.usableMemoryFraction);
    return { shortfall: e.notes[0] ?? 'does not fit', factor: Math.max(1, factor), fits: false };
  }
  const tpot = inf.timePerOutputTokenMs / goal.slo.timePerOutputTokenMs;
  const ttft = inf.timeToFirstTokenMs / goal.slo.timeToFirstTokenMs;
  if (tpot >= ttft) {
    return {
      shortfall: `decodes at ${inf.decodeTokensPerSecond.toFixed(1)} tokens/s per stream, below the ${(1000 / goal.slo.timePerOutputTokenMs).toFixed(1)} tokens/s target (${inf.bottleneck} bound)`,
      factor: tpot,
      fits: true,
    };
  }
  return {
    shortfall: `first token after ${inf.timeToFirstTokenMs.toFixed(0)} ms, over the ${goal.slo.timeToFirstTokenMs} ms target`,
    factor: ttft,
    fits: true,
  };
}

export function evaluateInference(
  c: HardwareCandidate,
  precision: Precision,
  ctx: InferenceContext,
): PlanOption | PlanMiss | undefined {
  const { goal } = ctx;
  const i = c.instance;
  const perReplica = instancesPerReplica(c, ctx.weightBytes(precision));
  const miss = (instanceCount: number, shortfall: string, factor: number, fits = true): PlanMiss => ({
    instanceType: i.instanceType,
    instanceCount,
    precision,
    hourlyUsd: c.unitHourlyUsd * instanceCount,
    shortfall,
    factor,
    fits,
  });
  if (perReplica > 1 && (!i.accelerator || perReplica > MAX_INSTANCES_PER_REPLICA)) {
    return miss(1, `needs about ${perReplica} instances to hold the weights`, perReplica, false);
  }
  const parallelism = perReplica > 1 ? { tensor: i.acceleratorCount, pipeline: perReplica } : undefined;
  const run = (instances: number, concurrency: number): EstimateResponse | undefined => {
    try {
      return estimate(
        {
          model: ctx.model,
          precision,
          engine: ctx.engine,
          hardware: { instanceType: i.instanceType, count: instances },
          parallelism,
          workload: {
            kind: 'inference',
            inputTokens: goal.inputTokens,
            outputTokens: goal.outputTokens,
            concurrency,
          },
        },
        ctx.deps,
      );
    } catch (e) {
      // Engine or precision that this hardware cannot run: not a candidate at all.
      if (e instanceof Error && e.name === 'EstimateInputError') return undefined;
      throw e;
    }
  };

  const single = run(perReplica, 1);
  if (!single) return undefined;
  if (!meetsSlo(single, goal)) {
    const s = sloShortfall(single, goal);
    return miss(perReplica, s.shortfall, s.factor, s.fits);
  }

  const hasTraffic = goal.requestsPerSecond !== undefined || goal.concurrentRequests !== undefined;
  let replicas = 1;
  let concurrency = 1;
  let final = single;
  let requestsPerSecondPerReplica: number | undefined;
  if (hasTraffic) {
    // The most sequences one replica holds within the SLO: grow, then bisect.
    let good = 1;
    let goodEstimate = single;
    let bad = 0;
    for (let b = 2; b <= MAX_SEQUENCES_SEARCHED; b *= 2) {
      const e = run(perReplica, b);
      if (e && meetsSlo(e, goal)) {
        good = b;
        goodEstimate = e;
      } else {
        bad = b;
        break;
      }
    }
    while (bad && bad - good > 1) {
      const mid = Math.floor((good + bad) / 2);
      const e = run(perReplica, mid);
      if (e && meetsSlo(e, goal)) {
        good = mid;
        goodEstimate = e;
      } else bad = mid;
    }
    const latencySeconds = (goodEstimate.inference?.requestLatencyMs ?? Number.POSITIVE_INFINITY) / 1000;
    requestsPerSecondPerReplica = good / latencySeconds;
    const byConcurrency = Math.ceil((goal.concurrentRequests ?? 0) / good);
    const byRate = Math.ceil((goal.requestsPerSecond ?? 0) / requestsPerSecondPerReplica);
    replicas = Math.max(1, byConcurrency, byRate);
    if (replicas > MAX_REPLICAS) {
      return miss(
        perReplica * MAX_REPLICAS,
        `needs ${replicas} replicas for the traffic`,
        replicas / MAX_REPLICAS,
      );
    }
    // Sequences in flight at the planned load (Little's law), then check the whole fleet.
    const inFlight = Math.max(
      goal.concurrentRequests ?? 0,
      Math.ceil((goal.requestsPerSecond ?? 0) * latencySeconds),
      1,
    );
    let fleet: EstimateResponse | undefined;
    for (let attempt = 0; attempt < 3 && !(fleet && meetsSlo(fleet, goal)); attempt++) {
      if (attempt > 0) replicas += 1;
      concurrency = Math.min(inFlight, replicas * good);
      fleet = run(perReplica * replicas, concurrency);
    }
    if (!fleet || !meetsSlo(fleet, goal)) {
      const s = fleet
        ? sloShortfall(fleet, goal)
        : { shortfall: 'the fleet could not be sized', factor: 2, fits: true };
      return miss(perReplica * replicas, s.shortfall, s.factor, s.fits);
    }
    final = fleet;
  }

  const instanceCount = perReplica * replicas;
  const hourlyUsd = c.unitHourlyUsd * instanceCount;
  if (ctx.maxHourlyUsd !== undefined && hourlyUsd > ctx.maxHourlyUsd) {
    return miss(
      instanceCount,
      `$${hourlyUsd.toFixed(2)}/h is over the $${ctx.maxHourlyUsd}/h limit`,
      hourlyUsd / ctx.maxHourlyUsd,
    );
  }
  const inference = final.inference;
  // Output tokens produced at the planned load: the arrival rate when given, else what the
  // sequences in flight produce (one busy stream for a personal plan).
  const outputTokensPerSecond =
    goal.requestsPerSecond !== undefined
      ? goal.requestsPerSecond * goal.outputTokens
      : (inference?.outputTokensPerSecond ?? 0);
  return {
    instance: i,
    instanceCount,
    precision,
    purchaseOption: c.purchaseOption,
    unitHourlyUsd: c.unitHourlyUsd,
    hourlyUsd,
    estimate: final,
    speed: inference?.decodeTokensPerSecond ?? 0,
    costPerMillionOutputTokensUsd:
      outputTokensPerSecond > 0 ? (hourlyUsd / (outputTokensPerSecond * 3600)) * 1e6 : undefined,
    replicas,
    requestsPerSecondPerReplica,
    concurrency,
  };
}
