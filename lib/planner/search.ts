/**
 * The search over (instance type, precision) candidates. Inference candidates are visited from the
 * cheapest possible cost up, and one is estimated only if it could still change the answer: be
 * cheaper than the runner-up, be the cheapest of its kind, or be faster than the fastest so far.
 * Candidates whose bandwidth cannot reach the speed target are misses without an estimate. The
 * answer is the same as estimating everything; the work is a fraction.
 */
import { runsAs } from '../hardware/capabilities.js';
import { findAccelerator } from '../hardware/index.js';
import { bytesPerWeight } from '../model/index.js';
import type { Precision } from '../model/precisions.js';
import {
  defaultEngine,
  type EfficiencyProfile,
  findEfficiencyProfile,
  precisionProblem,
} from '../perf/index.js';
import {
  decodeBytesPerToken,
  decodeSpeedUpperBound,
  firstTokenMsLowerBound,
  inferenceCostLowerBound,
  type ReplicaCapacityBound,
  replicaCapacityBound,
} from './bounds.js';
import { type HardwareCandidate, isOwned } from './candidates.js';
import { autoInferencePrecisions } from './defaults.js';
import {
  cannotHoldWeights,
  evaluateInference,
  type InferenceContext,
  type InferenceGoal,
} from './inference.js';
import type { PlanInput } from './input.js';
import { Leaders } from './leaders.js';
import { costOf, type MissReason, type PlanMiss, type PlanOption, type SearchStats } from './options.js';
import { evaluateTraining } from './training.js';

export interface SearchResult {
  options: PlanOption[];
  misses: PlanMiss[];
  stats: SearchStats;
  /** Inference: what the cost curve needs to price other volumes on the same candidates. */
  inference?: { context: InferenceContext; work: readonly InferenceWorkItem[] };
}

/** A candidate at a precision, with what its specs alone say it can cost and do. */
export interface InferenceWorkItem {
  c: HardwareCandidate;
  precision: Precision;
  profile: EfficiencyProfile;
  /** What one replica can do at most, from specs alone (see lib/planner/bounds.ts). */
  capacityBound: ReplicaCapacityBound;
  costBound: number;
  speedBound: number;
}

function hardwareClassOf(c: HardwareCandidate) {
  const i = c.machine;
  return i.accelerator ? (findAccelerator(i.accelerator)?.hardwareClass ?? 'datacenter-gpu') : 'cpu';
}

/** Precisions worth trying on a candidate: the one asked for, or for "auto" those the hardware runs well. */
function precisionsFor(req: PlanInput, c: HardwareCandidate): readonly Precision[] {
  const w = req.workload;
  const asked = req.precision && req.precision !== 'auto' ? req.precision : undefined;
  if (w.kind === 'fine-tuning' && w.method === 'qlora') return [asked ?? 'nf4'];
  if (asked) return [asked];
  // 16-bit work on hardware without BF16 units (T4, V100, Apple GPUs) runs, and is said, as fp16.
  const accelerator = c.machine.accelerator;
  const sixteenBit: Precision = accelerator && runsAs(accelerator, 'bf16') === 'fp16' ? 'fp16' : 'bf16';
  if ((w.kind !== 'inference' && w.kind !== 'batch') || req.precision !== 'auto') return [sixteenBit];
  const spec = accelerator ? findAccelerator(accelerator) : undefined;
  return autoInferencePrecisions[hardwareClassOf(c)]
    .filter((p) => p !== 'fp8' || spec?.peakTflops.fp8 !== undefined)
    .map((p) => (p === 'bf16' ? sixteenBit : p));
}

/** The engine profile that would serve on a candidate; undefined when the engine does not run there. */
export function profileFor(req: PlanInput, c: HardwareCandidate): EfficiencyProfile | undefined {
  const hardwareClass = hardwareClassOf(c);
  return findEfficiencyProfile(req.engine ?? defaultEngine(hardwareClass), hardwareClass);
}

/**
 * The (candidate, precision) pairs worth estimating: candidates whose engine runs on them, at the
 * precisions worth trying there, in formats that engine reads (training checks its own formats).
 */
export function workItems(
  candidates: readonly HardwareCandidate[],
  req: PlanInput,
): { c: HardwareCandidate; precision: Precision; profile: EfficiencyProfile }[] {
  const serving = req.workload.kind === 'inference' || req.workload.kind === 'batch';
  return candidates.flatMap((c) => {
    const profile = profileFor(req, c);
    if (!profile) return [];
    const hardwareClass = hardwareClassOf(c);
    const kind = hardwareClass === 'cpu' ? 'cpu' : c.machine.acceleratorKind === 'neuron' ? 'neuron' : 'gpu';
    return precisionsFor(req, c)
      .filter((precision) => !serving || precisionProblem(precision, profile.engine, kind) === undefined)
      .map((precision) => ({ c, precision, profile }));
  });
}

/** A work item with what its specs alone say it can do: shared by the searches of one plan. */
export type BoundedWorkItem = Omit<InferenceWorkItem, 'costBound'>;

/** Every inference work item with its capacity and decode-speed bounds. */
export function boundedWork(
  work: ReturnType<typeof workItems>,
  req: PlanInput,
  shape: { inputTokens: number; outputTokens: number },
): BoundedWorkItem[] {
  const bytesPerToken = new Map<Precision, number>();
  return work.map(({ c, precision, profile }) => {
    let bytes = bytesPerToken.get(precision);
    if (bytes === undefined) {
      bytes = decodeBytesPerToken(req.model, precision);
      bytesPerToken.set(precision, bytes);
    }
    return {
      c,
      precision,
      profile,
      capacityBound: replicaCapacityBound(c, req.model, precision, profile, shape),
      speedBound: decodeSpeedUpperBound(c, bytes, profile),
    };
  });
}

interface Context {
  input: PlanInput;
  /** Bounded work items computed once for the plan (see boundedWork). */
  bounded?: readonly BoundedWorkItem[];
  goal?: InferenceGoal;
  /** Estimators shared with another search of the same plan (see InferenceContext). */
  estimators?: InferenceContext['estimators'];
  /** Estimate every candidate: the reference the pruned search is tested against. */
  exhaustive?: boolean;
  /** Find the cheapest option only (no runner-up, kinds or fastest): a plan's probe of its demand. */
  cheapestOnly?: boolean;
}

export function searchOptions(candidates: readonly HardwareCandidate[], ctx: Context): SearchResult {
  const req = ctx.input;
  const maxHourlyUsd = req.constraints?.maxHourlyUsd;
  const options: PlanOption[] = [];
  const misses: PlanMiss[] = [];
  const stats: SearchStats = { candidates: candidates.length, estimates: 0 };
  const record = (result: PlanOption | PlanMiss | undefined) => {
    if (!result) return;
    if ('estimate' in result) options.push(result);
    else misses.push(result);
  };

  const profileOf = (c: HardwareCandidate) => profileFor(req, c);

  if (req.workload.kind !== 'inference' || !ctx.goal) {
    const workload = req.workload;
    if (workload.kind === 'inference' || workload.kind === 'batch') return { options, misses, stats };
    for (const { c, precision } of workItems(candidates, req)) {
      record(
        evaluateTraining(c, precision, {
          model: req.model,
          engine: req.engine,
          workload,
          maxHourlyUsd,
          stats,
        }),
      );
    }
    return { options, misses, stats };
  }

  const goal = ctx.goal;
  const requiredSpeed = 1000 / goal.slo.timePerOutputTokenMs;
  const inferenceContext: InferenceContext = {
    model: req.model,
    weightBytes: (p: Precision) => req.model.parameters * bytesPerWeight(p),
    engine: req.engine,
    goal,
    maxHourlyUsd,
    stats,
    units: new Map(),
    capacities: new Map(),
    estimators: ctx.estimators ?? new Map(),
    maxBatchPerDevice: (c: HardwareCandidate) => profileOf(c)?.maxBatchSequences ?? 1,
  };
  const bounded = ctx.bounded ?? boundedWork(workItems(candidates, req), req, goal);
  // Spec bounds do not depend on the SLO or the traffic; the cost bound does (the replicas needed).
  const ordered: InferenceWorkItem[] = bounded
    // An explicit literal: spreading a thousand objects is a tenth of a plan's time on V8.
    .map((b) => ({
      c: b.c,
      precision: b.precision,
      profile: b.profile,
      capacityBound: b.capacityBound,
      speedBound: b.speedBound,
      costBound: inferenceCostLowerBound(b.c, b.capacityBound, goal),
    }))
    .sort((a, b) => a.costBound - b.costBound);

  const leaders = new Leaders();
  const done = new Set<InferenceWorkItem>();
  const visit = (w: InferenceWorkItem) => {
    done.add(w);
    // Too small to hold the weights at any layout: that, not a speed bound, is why it misses.
    const perReplica = w.capacityBound.perReplica;
    if (cannotHoldWeights(w.c, perReplica)) {
      misses.push(boundMiss(w, { code: 'memory', instancesForWeights: perReplica }, perReplica, false));
      return;
    }
    // Bounds alone may rule it out: record the miss without estimating. Over the budget even at
    // its cheapest, a candidate misses on price whatever its speed.
    if (maxHourlyUsd !== undefined && w.costBound > maxHourlyUsd) {
      // It may miss the speed target too: the nearest miss is the one nearest on every constraint.
      const slower = w.speedBound < requiredSpeed ? requiredSpeed / w.speedBound : 1;
      misses.push(
        boundMiss(
          w,
          {
            code: 'budget',
            hourlyUsd: w.costBound,
            maxHourlyUsd,
            atLeast: true,
            ...(slower > 1 && { boundTokensPerSecond: w.speedBound, targetTokensPerSecond: requiredSpeed }),
          },
          (w.costBound / maxHourlyUsd) * slower,
        ),
      );
      return;
    }
    // Too slow by its specs: record the constraint it misses by most (the binding one).
    const slower = w.speedBound < requiredSpeed ? requiredSpeed / w.speedBound : 1;
    const firstTokenMs = firstTokenMsLowerBound(w.c, req.model, w.precision, w.profile, goal.inputTokens);
    const targetMs = goal.slo.timeToFirstTokenMs;
    const later = firstTokenMs > targetMs ? firstTokenMs / targetMs : 1;
    if (slower > 1 || later > 1) {
      misses.push(
        later > slower
          ? boundMiss(w, { code: 'first-token', boundMs: firstTokenMs, targetMs }, later)
          : boundMiss(
              w,
              {
                code: 'decode-speed',
                boundTokensPerSecond: w.speedBound,
                targetTokensPerSecond: requiredSpeed,
              },
              slower,
            ),
      );
      return;
    }
    const result = evaluateInference(w.c, w.precision, inferenceContext);
    record(result);
    if (!result || !('estimate' in result)) return;
    leaders.add(result);
  };

  // Cheapest first: what could be the best, the runner-up or the cheapest of its kind (or, when
  // only the cheapest is wanted, the best alone).
  for (const w of ordered) {
    if (ctx.cheapestOnly) {
      if (w.costBound > costOrInfinity(leaders.first)) break;
      visit(w);
      continue;
    }
    const couldBeCheap =
      ctx.exhaustive ||
      // On equal cost the faster option wins the tie, so equal bounds are still worth a look.
      w.costBound <= costOrInfinity(leaders.second) ||
      w.costBound <= costOrInfinity(leaders.cheapestOfKind(w.c.machine.acceleratorKind));
    if (couldBeCheap) visit(w);
  }
  if (ctx.cheapestOnly)
    return { options, misses, stats, inference: { context: inferenceContext, work: ordered } };
  // Then fastest first, until nothing left could beat the fastest found.
  const bySpeed = ordered.filter((w) => !done.has(w)).sort((a, b) => b.speedBound - a.speedBound);
  for (const w of bySpeed) {
    if (w.speedBound <= leaders.fastest || w.speedBound < requiredSpeed) break;
    visit(w);
  }
  return { options, misses, stats, inference: { context: inferenceContext, work: ordered } };
}

const costOrInfinity = (o: PlanOption | undefined) => (o ? costOf(o) : Number.POSITIVE_INFINITY);

/**
 * A candidate ruled out by a bound alone: its bandwidth or its peak FLOP/s cannot reach the target
 * (one replica: the instances that hold the weights, at their price), or even its cheapest fleet is
 * over the budget (that fleet, at its price).
 */
function boundMiss(
  w: { c: HardwareCandidate; precision: Precision; costBound: number; capacityBound: ReplicaCapacityBound },
  reason: MissReason,
  factor: number,
  fits = true,
): PlanMiss {
  const perReplica = w.capacityBound.perReplica;
  const unit = w.c.unitHourlyUsd;
  const fleet = reason.code === 'budget';
  return {
    instanceType: w.c.machine.instanceType,
    instanceCount: fleet && unit > 0 ? Math.round(w.costBound / unit) : perReplica,
    precision: w.precision,
    hourlyUsd: fleet ? w.costBound : unit * perReplica,
    unitHourlyUsd: unit,
    reason,
    ...(isOwned(w.c.machine) && { owned: true }),
    factor,
    fits,
  };
}
