/**
 * Inference candidates: does the model fit (on one instance, or pipelined over a few), does it meet
 * the latency SLO, and how many replicas does the traffic need (Little's law: sequences in flight =
 * arrival rate x request latency).
 */
import type { Engine } from '../hardware/engines.js';
import { findAccelerator } from '../hardware/index.js';
import type { ResolvedModel } from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import { BYTES_PER_GIB } from '../model/units.js';
import {
  type Estimate,
  type InferenceEstimator,
  type InferenceSummary,
  prepareInferenceEstimate,
  targetOfInstance,
  UnsupportedEstimateError,
} from '../perf/index.js';
import type { HardwareCandidate } from './candidates.js';
import { MAX_INSTANCES_PER_REPLICA, MAX_REPLICAS } from './defaults.js';
import type { MissReason, PlanMiss, PlanOption, SearchStats } from './options.js';

export interface InferenceGoal {
  inputTokens: number;
  outputTokens: number;
  slo: { timeToFirstTokenMs: number; timePerOutputTokenMs: number };
  /** Sustained arrivals (requestsPerSecond, or requestsPerDay at its peak). */
  requestsPerSecond?: number;
  concurrentRequests?: number;
}

export interface InferenceContext {
  model: ResolvedModel;
  /** Weight bytes per parameter x parameters, by precision (for the quick fit check). */
  weightBytes: (precision: Precision) => number;
  engine?: Engine;
  goal: InferenceGoal;
  maxHourlyUsd?: number;
  /** Counts the estimators prepared (what a plan's time is made of). */
  stats: SearchStats;
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

type Shortfall = { reason: MissReason; factor: number; fits: boolean };

/** Why an estimate misses the SLO: it does not fit (the estimate's note says by how much), or which target it misses. */
function sloShortfall(e: InferenceSummary, goal: InferenceGoal, estimate: () => Estimate): Shortfall {
  if (!e.fits) {
    const full = estimate();
    const note = full.notes.find((n) => n.code === 'does-not-fit');
    const factor =
      full.memory.perDeviceGiB /
      Math.max(1e-9, full.memory.capacityPerDeviceGiB * full.assumptions.usableMemoryFraction);
    return { reason: { code: 'memory', note }, factor: Math.max(1, factor), fits: false };
  }
  const tpot = e.timePerOutputTokenMs / goal.slo.timePerOutputTokenMs;
  const ttft = e.timeToFirstTokenMs / goal.slo.timeToFirstTokenMs;
  if (tpot >= ttft) {
    return {
      reason: {
        code: 'decode-speed',
        tokensPerSecond: e.decodeTokensPerSecond,
        targetTokensPerSecond: 1000 / goal.slo.timePerOutputTokenMs,
        bottleneck: e.bottleneck,
      },
      factor: tpot,
      fits: true,
    };
  }
  return {
    reason: {
      code: 'first-token',
      timeToFirstTokenMs: e.timeToFirstTokenMs,
      targetMs: goal.slo.timeToFirstTokenMs,
    },
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
  const miss = (instanceCount: number, reason: MissReason, factor: number, fits = true): PlanMiss => ({
    instanceType: i.instanceType,
    instanceCount,
    precision,
    hourlyUsd: c.unitHourlyUsd * instanceCount,
    reason,
    factor,
    fits,
  });
  if (perReplica > 1 && (!i.accelerator || perReplica > MAX_INSTANCES_PER_REPLICA)) {
    return miss(perReplica, { code: 'memory', instancesForWeights: perReplica }, perReplica, false);
  }
  const parallelism = perReplica > 1 ? { tensor: i.acceleratorCount, pipeline: perReplica } : undefined;
  const prepare = (instances: number): InferenceEstimator | undefined => {
    ctx.stats.estimates += 1;
    try {
      return prepareInferenceEstimate({
        model: ctx.model,
        precision,
        engine: ctx.engine,
        target: targetOfInstance(i, instances),
        parallelism,
        workload: { inputTokens: goal.inputTokens, outputTokens: goal.outputTokens },
      });
    } catch (e) {
      // Engine, precision or layout that this hardware cannot run: not a candidate at all.
      if (e instanceof UnsupportedEstimateError) return undefined;
      throw e;
    }
  };

  const unit = prepare(perReplica);
  if (!unit) return undefined;
  const single = unit.summary(1);
  if (!meetsSlo(single, goal)) {
    const s = sloShortfall(single, goal, () => unit.estimate(1));
    return miss(perReplica, s.reason, s.factor, s.fits);
  }

  const hasTraffic = goal.requestsPerSecond !== undefined || goal.concurrentRequests !== undefined;
  let replicas = 1;
  let concurrency = 1;
  // The full response is built only for the options the plan returns (lazily, below).
  let final: { summary: InferenceSummary; respond: () => Estimate } | undefined;
  let requestsPerSecondPerReplica: number | undefined;
  if (!hasTraffic) {
    final = { summary: single, respond: () => unit.estimate(1) };
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
      return miss(perReplica * MAX_REPLICAS, { code: 'replicas', replicas }, replicas / MAX_REPLICAS);
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
        final = { summary, respond: () => fleet.estimate(n) };
      }
    }
    if (!final) {
      const fleet = prepare(perReplica * replicas);
      const n = Math.min(inFlight, replicas * good);
      const s: Shortfall = fleet
        ? sloShortfall(fleet.summary(n), goal, () => fleet.estimate(n))
        : { reason: { code: 'replicas', unsized: true }, factor: 2, fits: true };
      return miss(perReplica * replicas, s.reason, s.factor, s.fits);
    }
  }

  const instanceCount = perReplica * replicas;
  const hourlyUsd = c.unitHourlyUsd * instanceCount;
  if (ctx.maxHourlyUsd !== undefined && hourlyUsd > ctx.maxHourlyUsd) {
    return miss(
      instanceCount,
      { code: 'budget', hourlyUsd, maxHourlyUsd: ctx.maxHourlyUsd },
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
  let response: Estimate | undefined;
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
