/**
 * Inference candidates: does the model fit (on one instance, or pipelined over a few), does it meet
 * the latency SLO, and how many replicas does the traffic need (Little's law: sequences in flight =
 * arrival rate x request latency).
 */
import type { EstimateResponse, ModelRef } from '../contract/schemas.js';
import type { Engine } from '../hardware/engines.js';
import { findAccelerator } from '../hardware/index.js';
import type { Precision } from '../model/precisions.js';
import { BYTES_PER_GIB } from '../model/units.js';
import { type EstimatorDeps, prepareInferenceEstimate } from '../perf/estimate.js';
import type { InferenceEstimator, InferenceSummary } from '../perf/estimate-inference.js';
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
  /** The batch limit of the engine that would serve on this hardware. */
  maxBatchPerDevice: (c: HardwareCandidate) => number;
}

const finiteOrUndefined = (x: number) => (Number.isFinite(x) ? x : undefined);

/** Largest per-unit batch the search tries (engines cap far below this). */
const MAX_SEQUENCES_SEARCHED = 8192;

/** Devices (GPUs, chips, or the CPU instance itself) in `instances` instances. */
const unitDevices = (c: HardwareCandidate, instances: number) =>
  Math.max(1, c.instance.acceleratorCount) * instances;

/** Instances one replica needs so the weights fit, assuming ~85% of memory is usable. */
export function instancesPerReplica(c: HardwareCandidate, weightBytes: number): number {
  const i = c.instance;
  const spec = i.accelerator ? findAccelerator(i.accelerator) : undefined;
  const memoryGiB = spec ? spec.memoryGiB * i.acceleratorCount : i.memoryGiB;
  return Math.max(1, Math.ceil(weightBytes / BYTES_PER_GIB / (memoryGiB * 0.85)));
}

function meetsSlo(e: InferenceSummary, goal: InferenceGoal): boolean {
  return (
    e.fits &&
    e.timeToFirstTokenMs <= goal.slo.timeToFirstTokenMs &&
    e.timePerOutputTokenMs <= goal.slo.timePerOutputTokenMs
  );
}

/** How loaded a summary is against the SLO: 1 is exactly at the tighter of its two limits. */
function sloLoad(e: InferenceSummary, goal: InferenceGoal): number {
  if (!e.fits) return Number.POSITIVE_INFINITY;
  return Math.max(
    e.timeToFirstTokenMs / goal.slo.timeToFirstTokenMs,
    e.timePerOutputTokenMs / goal.slo.timePerOutputTokenMs,
  );
}

type Shortfall = { shortfall: string | (() => string); factor: number; fits: boolean };

/** A miss whose text is written only if the plan quotes it (most never are). */
function lazyMiss(
  instanceType: string,
  instanceCount: number,
  precision: Precision,
  hourlyUsd: number,
  shortfall: string | (() => string),
  factor: number,
  fits: boolean,
): PlanMiss {
  let text = typeof shortfall === 'string' ? shortfall : undefined;
  return {
    instanceType,
    instanceCount,
    precision,
    hourlyUsd,
    get shortfall() {
      text ??= (shortfall as () => string)();
      return text;
    },
    factor,
    fits,
  };
}

/** Why an estimate misses the SLO: it does not fit (from the full response), or which target it misses. */
function sloShortfall(e: InferenceSummary, goal: InferenceGoal, response: () => EstimateResponse): Shortfall {
  if (!e.fits) {
    const r = response();
    const factor =
      r.memory.perDeviceGiB /
      Math.max(1e-9, r.memory.capacityPerDeviceGiB * r.assumptions.usableMemoryFraction);
    return { shortfall: r.notes[0] ?? 'does not fit', factor: Math.max(1, factor), fits: false };
  }
  const tpot = e.timePerOutputTokenMs / goal.slo.timePerOutputTokenMs;
  const ttft = e.timeToFirstTokenMs / goal.slo.timeToFirstTokenMs;
  if (tpot >= ttft) {
    return {
      shortfall: () =>
        `decodes at ${e.decodeTokensPerSecond.toFixed(1)} tokens/s per stream, below the ${(1000 / goal.slo.timePerOutputTokenMs).toFixed(1)} tokens/s target (${e.bottleneck} bound)`,
      factor: tpot,
      fits: true,
    };
  }
  return {
    shortfall: () =>
      `first token after ${e.timeToFirstTokenMs.toFixed(0)} ms, over the ${goal.slo.timeToFirstTokenMs} ms target`,
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
  const miss = (
    instanceCount: number,
    shortfall: string | (() => string),
    factor: number,
    fits = true,
  ): PlanMiss =>
    lazyMiss(
      i.instanceType,
      instanceCount,
      precision,
      c.unitHourlyUsd * instanceCount,
      shortfall,
      factor,
      fits,
    );
  if (perReplica > 1 && (!i.accelerator || perReplica > MAX_INSTANCES_PER_REPLICA)) {
    return miss(perReplica, `needs about ${perReplica} instances to hold the weights`, perReplica, false);
  }
  const parallelism = perReplica > 1 ? { tensor: i.acceleratorCount, pipeline: perReplica } : undefined;
  const prepare = (instances: number): InferenceEstimator | undefined => {
    try {
      return prepareInferenceEstimate(
        {
          model: ctx.model,
          precision,
          engine: ctx.engine,
          hardware: { instanceType: i.instanceType, count: instances },
          parallelism,
          workload: { kind: 'inference', inputTokens: goal.inputTokens, outputTokens: goal.outputTokens },
        },
        ctx.deps,
      );
    } catch (e) {
      // Engine or precision that this hardware cannot run: not a candidate at all.
      if (e instanceof Error && e.name === 'EstimateInputError') return undefined;
      throw e;
    }
  };

  const unit = prepare(perReplica);
  if (!unit) return undefined;
  const single = unit.summary(1);
  if (!meetsSlo(single, goal)) {
    const s = sloShortfall(single, goal, () => unit.response(1));
    return miss(perReplica, s.shortfall, s.factor, s.fits);
  }

  const hasTraffic = goal.requestsPerSecond !== undefined || goal.concurrentRequests !== undefined;
  let replicas = 1;
  let concurrency = 1;
  // The full response is built only for the options the plan returns (lazily, below).
  let final: { summary: InferenceSummary; respond: () => EstimateResponse } | undefined;
  let requestsPerSecondPerReplica: number | undefined;
  if (!hasTraffic) {
    final = { summary: single, respond: () => unit.response(1) };
  } else {
    // The most sequences one unit holds within the SLO, by bisection. No unit needs more than the
    // whole traffic keeps in flight at the SLO's longest latency, and past the engine's batch limit
    // on every device requests only queue (the rate a unit sustains stops growing).
    const sloLatencySeconds =
      (goal.slo.timeToFirstTokenMs + (goal.outputTokens - 1) * goal.slo.timePerOutputTokenMs) / 1000;
    const trafficInFlight = Math.max(
      goal.concurrentRequests ?? 0,
      Math.ceil((goal.requestsPerSecond ?? 0) * sloLatencySeconds),
      1,
    );
    const limit = Math.min(
      MAX_SEQUENCES_SEARCHED,
      ctx.maxBatchPerDevice(c) * unitDevices(c, perReplica),
      trafficInFlight,
    );
    let good = 1;
    let goodSummary = single;
    let goodLoad = sloLoad(single, goal);
    let bad = limit + 1;
    let badLoad = Number.POSITIVE_INFINITY;
    // One unit often carries all of it: try the limit before searching.
    const atLimit = limit > 1 ? unit.summary(limit) : undefined;
    if (atLimit && meetsSlo(atLimit, goal)) {
      good = limit;
      goodSummary = atLimit;
    } else if (atLimit) {
      bad = limit;
      badLoad = sloLoad(atLimit, goal);
    }
    // Latency grows about linearly with the batch, so interpolate where the SLO is crossed; every
    // other step bisects, which bounds the search at twice bisection's steps.
    for (let step = 0; bad - good > 1; step++) {
      const interpolated = good + ((1 - goodLoad) / (badLoad - goodLoad)) * (bad - good);
      const guess =
        step % 2 === 0 && Number.isFinite(interpolated) ? Math.round(interpolated) : (good + bad) / 2;
      const next = Math.min(bad - 1, Math.max(good + 1, Math.floor(guess)));
      const e = unit.summary(next);
      if (meetsSlo(e, goal)) {
        good = next;
        goodSummary = e;
        goodLoad = sloLoad(e, goal);
      } else {
        bad = next;
        badLoad = sloLoad(e, goal);
      }
    }
    const latencySeconds = goodSummary.requestLatencyMs / 1000;
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
    for (let attempt = 0; attempt < 3 && !final; attempt++) {
      if (attempt > 0) replicas += 1;
      const n = Math.min(inFlight, replicas * good);
      const fleet = replicas === 1 ? unit : prepare(perReplica * replicas);
      const summary = fleet?.summary(n);
      if (fleet && summary && meetsSlo(summary, goal)) {
        concurrency = n;
        final = { summary, respond: () => fleet.response(n) };
      }
    }
    if (!final) {
      const fleet = prepare(perReplica * replicas);
      const n = Math.min(inFlight, replicas * good);
      const s: Shortfall = fleet
        ? sloShortfall(fleet.summary(n), goal, () => fleet.response(n))
        : { shortfall: 'the fleet could not be sized', factor: 2, fits: true };
      return miss(perReplica * replicas, s.shortfall, s.factor, s.fits);
    }
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
  // Output tokens produced at the planned load: the arrival rate when given, else what the
  // sequences in flight produce (one busy stream for a personal plan).
  const outputTokensPerSecond =
    goal.requestsPerSecond !== undefined
      ? goal.requestsPerSecond * goal.outputTokens
      : final.summary.outputTokensPerSecond;
  const respond = final.respond;
  let response: EstimateResponse | undefined;
  return {
    instance: i,
    instanceCount,
    precision,
    purchaseOption: c.purchaseOption,
    unitHourlyUsd: c.unitHourlyUsd,
    hourlyUsd,
    get estimate() {
      response ??= respond();
      return response;
    },
    speed: final.summary.decodeTokensPerSecond,
    // Undefined when the load is too small to price per token (a rate near zero).
    costPerMillionOutputTokensUsd: finiteOrUndefined((hourlyUsd / (outputTokensPerSecond * 3600)) * 1e6),
    replicas,
    requestsPerSecondPerReplica,
    concurrency,
  };
}
