/**
 * Inference candidates: does the model fit (on one instance, or pipelined over a few), does it meet
 * the latency SLO, and how many replicas does the traffic need (Little's law: sequences in flight =
 * arrival rate x request latency).
 */
import { validTensorDegrees } from '../hardware/capabilities.js';
import type { Engine } from '../hardware/engines.js';
import type { ResolvedModel } from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import { BYTES_PER_GIB } from '../model/units.js';
import {
  type Estimate,
  type InferenceEstimator,
  type InferenceSummary,
  type Parallelism,
  prepareInferenceEstimate,
  UnsupportedEstimateError,
} from '../perf/index.js';
import { CLUSTER_NETWORK_GBPS } from '../perf/training-efficiency.js';
import { type HardwareCandidate, isOwned, maxUnitsOf, targetOf } from './candidates.js';
import { MAX_INSTANCES_PER_REPLICA, MAX_REPLICAS } from './defaults.js';
import type { MissReason, PlanMiss, PlanOption, SearchStats } from './options.js';

export interface InferenceGoal {
  inputTokens: number;
  outputTokens: number;
  slo: { timeToFirstTokenMs: number; timePerOutputTokenMs: number };
  /** Sustained arrivals (requestsPerSecond, or requestsPerDay at its peak). */
  requestsPerSecond?: number;
  concurrentRequests?: number;
  /** Highest share of a replica's capacity a fleet runs at (1: no headroom, one caller). */
  targetUtilization?: number;
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
  /** Prepared replicas and their capacities, per candidate and precision, for this plan. */
  units: Map<string, PreparedUnit | PlanMiss | undefined>;
  capacities: Map<string, ReplicaCapacity>;
  /** Estimators by hardware, precision, instances and layout: shared by a plan's searches. */
  estimators: Map<string, InferenceEstimator | undefined>;
  /** The batch limit of the engine that would serve on this hardware. */
  maxBatchPerDevice: (c: HardwareCandidate) => number;
}

/** Largest per-unit batch the search tries (engines cap far below this). */
const MAX_SEQUENCES_SEARCHED = 8192;

/** Devices (GPUs, chips, or the CPU instance itself) in `instances` instances. */
const unitDevices = (c: HardwareCandidate, instances: number) =>
  Math.max(1, c.machine.acceleratorCount) * instances;

/** Instances one replica needs so the weights fit, assuming ~85% of memory is usable. */
export function instancesPerReplica(c: HardwareCandidate, weightBytes: number): number {
  const t = targetOf(c);
  const memoryGiB = t.memoryPerDeviceGiB * t.devices;
  return Math.max(1, Math.ceil(weightBytes / BYTES_PER_GIB / (memoryGiB * 0.85)));
}

/**
 * Whether a candidate cannot hold the weights however it is laid out: they need more instances
 * than a replica may span (CPUs and owned machines do not pipeline over the network at all; the
 * Neuron SDK shards across instances only over EFA, NxD Inference multi-node on trn1/trn2).
 */
export function cannotHoldWeights(c: HardwareCandidate, perReplica: number): boolean {
  const i = c.machine;
  const neuronWithoutEfa =
    !isOwned(i) && i.acceleratorKind === 'neuron' && i.networkGbps < CLUSTER_NETWORK_GBPS;
  return (
    perReplica > 1 &&
    (!i.accelerator ||
      perReplica > MAX_INSTANCES_PER_REPLICA ||
      perReplica > maxUnitsOf(c) ||
      neuronWithoutEfa)
  );
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

/** One replica of a candidate, prepared: the estimator, its answer at one sequence, and its size. */
interface PreparedUnit {
  perReplica: number;
  unit: InferenceEstimator;
  single: InferenceSummary;
  prepare: (instances: number) => InferenceEstimator | undefined;
}

/**
 * Prepare one replica of a candidate at a precision, or say why it cannot be (a miss), or
 * `undefined` when the hardware cannot run it at all. Kept per plan: the cost curve asks again.
 */
function prepareUnit(
  c: HardwareCandidate,
  precision: Precision,
  ctx: InferenceContext,
): PreparedUnit | PlanMiss | undefined {
  const key = `${c.machine.instanceType}/${precision}`;
  const cached = ctx.units.get(key);
  if (cached !== undefined || ctx.units.has(key)) return cached;
  const result = prepareUnitUncached(c, precision, ctx);
  ctx.units.set(key, result);
  return result;
}

function missOf(c: HardwareCandidate, precision: Precision) {
  return (instanceCount: number, reason: MissReason, factor: number, fits = true): PlanMiss => ({
    instanceType: c.machine.instanceType,
    instanceCount,
    precision,
    hourlyUsd: c.unitHourlyUsd * instanceCount,
    unitHourlyUsd: c.unitHourlyUsd,
    reason,
    ...(isOwned(c.machine) && { owned: true }),
    factor,
    fits,
  });
}

function prepareUnitUncached(
  c: HardwareCandidate,
  precision: Precision,
  ctx: InferenceContext,
): PreparedUnit | PlanMiss | undefined {
  const { goal } = ctx;
  const i = c.machine;
  const miss = missOf(c, precision);
  const perReplica = instancesPerReplica(c, ctx.weightBytes(precision));
  if (cannotHoldWeights(c, perReplica)) {
    return miss(perReplica, { code: 'memory', instancesForWeights: perReplica }, perReplica, false);
  }
  const pipelined = perReplica > 1 ? { tensor: i.acceleratorCount, pipeline: perReplica } : undefined;
  const prepareWith =
    (parallelism: Parallelism | undefined) =>
    (instances: number): InferenceEstimator | undefined => {
      // The same hardware, precision and layout prepare the same estimator whatever the SLO: the
      // plan's searches (one caller's demand, then traffic's) share them.
      const key = `${i.instanceType}/${precision}/${instances}/${parallelism?.tensor ?? 0}/${parallelism?.pipeline ?? 0}`;
      if (ctx.estimators.has(key)) return ctx.estimators.get(key);
      ctx.stats.estimates += 1;
      const prepared = prepareOrUndefined(instances, parallelism);
      ctx.estimators.set(key, prepared);
      return prepared;
    };
  function prepareOrUndefined(instances: number, parallelism: Parallelism | undefined) {
    try {
      return prepareInferenceEstimate({
        model: ctx.model,
        precision,
        engine: ctx.engine,
        target: targetOf(c, instances),
        parallelism,
        workload: { inputTokens: goal.inputTokens, outputTokens: goal.outputTokens },
      });
    } catch (e) {
      // Engine, precision or layout that this hardware cannot run: not a candidate at all.
      if (e instanceof UnsupportedEstimateError) return undefined;
      throw e;
    }
  }
  let prepare = prepareWith(pipelined);
  let unit = prepare(perReplica);
  if (!unit) return undefined;
  let single = unit.summary(1);
  // The smallest layout that holds the model is the default; when it fits but is too slow, more
  // tensor parallelism over the instance's devices may reach the SLO (a long prompt's prefill,
  // a large model's decode).
  if (!meetsSlo(single, goal) && single.fits && !pipelined) {
    for (const tensor of largerTensorDegrees(c, ctx, single.tensorParallel)) {
      const wider = prepareWith({ tensor });
      const candidate = wider(perReplica);
      const s = candidate?.summary(1);
      if (candidate && s && meetsSlo(s, goal)) {
        prepare = wider;
        unit = candidate;
        single = s;
        break;
      }
    }
  }
  if (!meetsSlo(single, goal)) {
    const missed = unit;
    const s = sloShortfall(single, goal, () => missed.estimate(1));
    return miss(perReplica, s.reason, s.factor, s.fits);
  }
  return { perReplica, unit, single, prepare };
}

/** Tensor-parallel degrees above `current` that one instance of the candidate can shard the model over. */
function largerTensorDegrees(c: HardwareCandidate, ctx: InferenceContext, current: number): number[] {
  const t = targetOf(c);
  if (t.kind === 'cpu' || t.devices <= current) return [];
  return validTensorDegrees({
    accelerator: t.accelerator?.id,
    devices: t.devicesPerNode,
    attentionHeads: ctx.model.attentionHeads,
    kvHeads: ctx.model.kvHeads,
  }).filter((d) => d > current && t.devices % d === 0);
}

/**
 * The most sequences one replica holds within the SLO, up to `limit`, with the summary there.
 * Latency grows about linearly with the batch, so the search interpolates where the SLO is
 * crossed; every other step bisects, which bounds it at twice bisection's steps.
 */
function sequencesWithinSlo(u: PreparedUnit, goal: InferenceGoal, limit: number) {
  let good = 1;
  let goodSummary = u.single;
  let goodLoad = sloLoad(u.single, goal);
  let bad = limit + 1;
  let badLoad = Number.POSITIVE_INFINITY;
  // One replica often carries all of it: try the limit before searching.
  const atLimit = limit > 1 ? u.unit.summary(limit) : undefined;
  if (atLimit && meetsSlo(atLimit, goal)) {
    good = limit;
    goodSummary = atLimit;
  } else if (atLimit) {
    bad = limit;
    badLoad = sloLoad(atLimit, goal);
  }
  for (let step = 0; bad - good > 1; step++) {
    const interpolated = good + ((1 - goodLoad) / (badLoad - goodLoad)) * (bad - good);
    const guess =
      step % 2 === 0 && Number.isFinite(interpolated) ? Math.round(interpolated) : (good + bad) / 2;
    const next = Math.min(bad - 1, Math.max(good + 1, Math.floor(guess)));
    const e = u.unit.summary(next);
    if (meetsSlo(e, goal)) {
      good = next;
      goodSummary = e;
      goodLoad = sloLoad(e, goal);
    } else {
      bad = next;
      badLoad = sloLoad(e, goal);
    }
  }
  return { sequences: good, summary: goodSummary };
}

/** The most a replica can batch: the engine's limit on every device (past it requests only queue). */
const batchLimit = (c: HardwareCandidate, u: PreparedUnit, ctx: InferenceContext) =>
  Math.min(MAX_SEQUENCES_SEARCHED, ctx.maxBatchPerDevice(c) * unitDevices(c, u.perReplica));

/** What one replica of a candidate sustains within the SLO at full load (the cost curve's unit). */
export interface ReplicaCapacity {
  /** Instances one replica spans. */
  perReplica: number;
  /** Requests per second one replica sustains within the SLO. */
  requestsPerSecond: number;
  /** A request's latency at one sequence in flight, seconds. */
  singleLatencySeconds: number;
}

/** The capacity of one replica, or undefined when the candidate misses the SLO or cannot run. */
/** One replica of a candidate that meets the SLO alone: its size and single-request latency, seconds. */
export function replicaUnit(
  c: HardwareCandidate,
  precision: Precision,
  ctx: InferenceContext,
): { perReplica: number; singleLatencySeconds: number } | undefined {
  const u = prepareUnit(c, precision, ctx);
  if (!u || !('unit' in u)) return undefined;
  return { perReplica: u.perReplica, singleLatencySeconds: u.single.requestLatencyMs / 1000 };
}

export function replicaCapacity(
  c: HardwareCandidate,
  precision: Precision,
  ctx: InferenceContext,
): ReplicaCapacity | undefined {
  const u = prepareUnit(c, precision, ctx);
  if (!u || !('unit' in u)) return undefined;
  const key = `${c.machine.instanceType}/${precision}`;
  let capacity = ctx.capacities.get(key);
  if (!capacity) {
    const { sequences, summary } = sequencesWithinSlo(u, ctx.goal, batchLimit(c, u, ctx));
    capacity = {
      perReplica: u.perReplica,
      requestsPerSecond: sequences / (summary.requestLatencyMs / 1000),
      singleLatencySeconds: u.single.requestLatencyMs / 1000,
    };
    ctx.capacities.set(key, capacity);
  }
  return capacity;
}

export function evaluateInference(
  c: HardwareCandidate,
  precision: Precision,
  ctx: InferenceContext,
): PlanOption | PlanMiss | undefined {
  const { goal } = ctx;
  const i = c.machine;
  const miss = missOf(c, precision);
  const u = prepareUnit(c, precision, ctx);
  if (!u || !('unit' in u)) return u;
  const { perReplica, unit, single, prepare } = u;

  const hasTraffic = goal.requestsPerSecond !== undefined || goal.concurrentRequests !== undefined;
  let replicas = 1;
  let concurrency = 1;
  // The full estimate is built only for the options the plan returns (lazily, below).
  let final: { summary: InferenceSummary; respond: () => Estimate } | undefined;
  let requestsPerSecondPerReplica: number | undefined;
  if (!hasTraffic) {
    final = { summary: single, respond: () => unit.estimate(1) };
  } else {
    // No replica needs more than the whole traffic keeps in flight at the SLO's longest latency.
    const sloLatencySeconds =
      (goal.slo.timeToFirstTokenMs + (goal.outputTokens - 1) * goal.slo.timePerOutputTokenMs) / 1000;
    const trafficInFlight = Math.max(
      goal.concurrentRequests ?? 0,
      Math.ceil((goal.requestsPerSecond ?? 0) * sloLatencySeconds),
      1,
    );
    // Headroom: each replica runs at most the target share of what it sustains within the SLO, so
    // what it sustains is searched up to the traffic over that share (a cap at the traffic alone
    // would make a replica that carries it with headroom look short of it).
    const utilization = goal.targetUtilization ?? 1;
    const limit = Math.min(batchLimit(c, u, ctx), Math.ceil(trafficInFlight / utilization));
    const { sequences: good, summary: goodSummary } = sequencesWithinSlo(u, goal, limit);
    const latencySeconds = goodSummary.requestLatencyMs / 1000;
    requestsPerSecondPerReplica = good / latencySeconds;
    const byConcurrency = Math.ceil((goal.concurrentRequests ?? 0) / (good * utilization));
    const byRate = Math.ceil((goal.requestsPerSecond ?? 0) / (requestsPerSecondPerReplica * utilization));
    replicas = Math.max(1, byConcurrency, byRate);
    const maxReplicas = Math.min(MAX_REPLICAS, maxUnitsOf(c));
    if (replicas > maxReplicas) {
      return miss(
        perReplica * maxReplicas,
        { code: 'replicas', replicas, available: maxReplicas },
        replicas / maxReplicas,
      );
    }
    // Sequences in flight at the planned load (Little's law), then check the whole fleet.
    const inFlight = Math.max(
      goal.concurrentRequests ?? 0,
      Math.ceil((goal.requestsPerSecond ?? 0) * latencySeconds),
      1,
    );
    for (let attempt = 0; attempt < 3 && !final && replicas <= maxReplicas; attempt++) {
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
      replicas = Math.min(replicas, maxReplicas);
      const fleet = replicas === 1 ? unit : prepare(perReplica * replicas);
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
  const respond = final.respond;
  let response: Estimate | undefined;
  return {
    machine: i,
    instanceCount,
    precision,
    purchaseOption: c.basis,
    unitHourlyUsd: c.unitHourlyUsd,
    hourlyUsd,
    get estimate() {
      response ??= respond();
      return response;
    },
    speed: final.summary.decodeTokensPerSecond,
    requestLatencyMs: final.summary.requestLatencyMs,
    timeToFirstTokenMs: final.summary.timeToFirstTokenMs,
    replicas,
    requestsPerSecondPerReplica,
    concurrency,
  };
}
