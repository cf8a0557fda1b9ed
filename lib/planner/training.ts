/**
 * Training and fine-tuning candidates: the fewest instances of a type on which the job fits and
 * finishes within the deadline. Job cost barely moves with the count (more devices, fewer hours),
 * so the fewest that satisfy both is the cheapest of that type.
 */
import type { Engine } from '../hardware/engines.js';
import type { ResolvedModel } from '../model/architecture.js';
import { bytesPerWeight } from '../model/index.js';
import type { Precision } from '../model/precisions.js';
import { estimate, type TrainingEstimate, UnsupportedEstimateError } from '../perf/index.js';
import { type HardwareCandidate, isOwned, targetOf } from './candidates.js';
import { MAX_TRAINING_INSTANCES, MIN_CLUSTER_NETWORK_GBPS } from './defaults.js';
import type { FineTuningJob, TrainingJob } from './input.js';
import { jobSetupHours } from './job-setup.js';
import type { MissReason, PlanMiss, PlanOption, SearchStats } from './options.js';

export interface TrainingContext {
  model: ResolvedModel;
  engine?: Engine;
  workload: TrainingJob | FineTuningJob;
  maxHourlyUsd?: number;
  stats: SearchStats;
}

export function evaluateTraining(
  c: HardwareCandidate,
  precision: Precision,
  ctx: TrainingContext,
): PlanOption | PlanMiss | undefined {
  const w = ctx.workload;
  const i = c.machine;
  const run = (count: number): TrainingEstimate | undefined => {
    ctx.stats.estimates += 1;
    try {
      const e = estimate({
        model: ctx.model,
        precision,
        engine: ctx.engine,
        target: targetOf(c, count),
        workload:
          w.kind === 'training'
            ? { kind: 'training', tokens: w.tokens, sequenceLength: w.sequenceLength }
            : { kind: 'fine-tuning', method: w.method, tokens: w.tokens, sequenceLength: w.sequenceLength },
      });
      return e.kind === 'training' ? e : undefined;
    } catch (e) {
      if (e instanceof UnsupportedEstimateError) return undefined;
      throw e;
    }
  };
  const maxCount = i.networkGbps >= MIN_CLUSTER_NETWORK_GBPS ? MAX_TRAINING_INSTANCES : 1;
  const miss = (count: number, reason: MissReason, factor: number, fits = true): PlanMiss => ({
    instanceType: i.instanceType,
    instanceCount: count,
    precision,
    hourlyUsd: c.unitHourlyUsd * count,
    unitHourlyUsd: c.unitHourlyUsd,
    reason,
    ...(isOwned(i) && { owned: true }),
    // Owned machines are one machine by nature; an instance type alone for want of a network.
    ...(maxCount === 1 && !isOwned(i) && reason.code !== 'budget' && { noClusterNetworkGbps: i.networkGbps }),
    factor,
    fits,
  });

  // One instance over the budget: every count of it is.
  if (ctx.maxHourlyUsd !== undefined && c.unitHourlyUsd > ctx.maxHourlyUsd) {
    return miss(
      1,
      { code: 'budget', hourlyUsd: c.unitHourlyUsd, maxHourlyUsd: ctx.maxHourlyUsd },
      c.unitHourlyUsd / ctx.maxHourlyUsd,
    );
  }
  // Every instance starts and reads the weights (a data-parallel copy each) before the first step.
  const setupHours = jobSetupHours(ctx.model.parameters * bytesPerWeight(precision));
  let last: TrainingEstimate | undefined;
  let lastCount = 1;
  for (let count = 1; count <= maxCount; count *= 2) {
    const e = run(count);
    if (!e) return undefined;
    last = e;
    lastCount = count;
    // From throughput, not rounded hours: a short job must not price at $0.
    const tokensPerSecond = e.training.tokensPerSecond;
    const computeHours = tokensPerSecond > 0 ? w.tokens / tokensPerSecond / 3600 : Number.POSITIVE_INFINITY;
    const hours = computeHours + setupHours;
    if (!e.fits) {
      const needed = countThatCouldFit(e, count);
      if (needed === undefined || needed > maxCount) break;
      // Jump close to the count that shards the states enough (the loop doubles after this).
      if (needed > count * 2) count = 2 ** Math.ceil(Math.log2(needed)) / 2;
      continue;
    }
    if (w.deadlineHours !== undefined && hours > w.deadlineHours) {
      // Throughput scales with the count: jump close to the count that meets the deadline.
      const window = w.deadlineHours - setupHours;
      if (window <= 0) {
        const reason = { code: 'deadline', setupHours, deadlineHours: w.deadlineHours } as const;
        return miss(count, reason, setupHours / w.deadlineHours);
      }
      const needed = Math.ceil((count * computeHours) / window);
      if (needed > count * 2) count = 2 ** Math.floor(Math.log2(needed)) / 2;
      continue;
    }
    const hourlyUsd = c.unitHourlyUsd * count;
    if (ctx.maxHourlyUsd !== undefined && hourlyUsd > ctx.maxHourlyUsd) {
      return miss(
        count,
        { code: 'budget', hourlyUsd, maxHourlyUsd: ctx.maxHourlyUsd },
        hourlyUsd / ctx.maxHourlyUsd,
      );
    }
    return {
      machine: i,
      instanceCount: count,
      precision,
      purchaseOption: c.basis,
      unitHourlyUsd: c.unitHourlyUsd,
      hourlyUsd,
      estimate: e,
      speed: 1 / hours,
      jobHours: hours,
      jobCostUsd: hourlyUsd * hours,
      setupHours,
    };
  }
  if (!last) return undefined;
  if (!last.fits) {
    const usable = last.memory.capacityPerDeviceGiB * last.assumptions.usableMemoryFraction;
    const note = last.notes.find((n) => n.code === 'training-does-not-fit');
    return miss(lastCount, { code: 'memory', note }, Math.max(1, last.memory.perDeviceGiB / usable), false);
  }
  const hours = last.training.hours + setupHours;
  return miss(
    lastCount,
    { code: 'deadline', hours, deadlineHours: w.deadlineHours, instances: lastCount },
    hours / (w.deadlineHours ?? hours),
  );
}

/**
 * The fewest instances of this type that could hold the job, or undefined when no count can: more
 * instances shard the model states (ZeRO over the data-parallel ranks) but not the activations and
 * the runtime. Doubling one count at a time up to 512 instances of every type was the worst valid
 * request's cost; this jumps there.
 */
function countThatCouldFit(e: TrainingEstimate, count: number): number | undefined {
  const b = e.memory.breakdownGiB;
  const usable = e.memory.capacityPerDeviceGiB * e.assumptions.usableMemoryFraction;
  const room = usable - b.activations - b.overhead;
  if (!(room > 0)) return undefined;
  const states = b.weights + b.gradients + b.optimizerStates;
  return Math.ceil((count * states) / room);
}
