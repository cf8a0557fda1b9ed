/**
 * Training and fine-tuning candidates: the fewest instances of a type on which the job fits and
 * finishes within the deadline. Job cost barely moves with the count (more devices, fewer hours),
 * so the fewest that satisfy both is the cheapest of that type.
 */
import type { PlanWorkload } from '../contract/plan.js';
import type { EstimateResponse, ModelRef } from '../contract/schemas.js';
import type { Engine } from '../hardware/engines.js';
import type { Precision } from '../model/precisions.js';
import { type EstimatorDeps, estimate } from '../perf/estimate.js';
import type { HardwareCandidate } from './candidates.js';
import { MAX_TRAINING_INSTANCES, MIN_CLUSTER_NETWORK_GBPS } from './defaults.js';
import type { PlanMiss, PlanOption } from './options.js';

export interface TrainingContext {
  model: ModelRef;
  engine?: Engine;
  workload: Exclude<PlanWorkload, { kind: 'inference' }>;
  deps: EstimatorDeps;
  maxHourlyUsd?: number;
}

export function evaluateTraining(
  c: HardwareCandidate,
  precision: Precision,
  ctx: TrainingContext,
): PlanOption | PlanMiss | undefined {
  const w = ctx.workload;
  const i = c.instance;
  const run = (count: number): EstimateResponse | undefined => {
    try {
      return estimate(
        {
          model: ctx.model,
          precision,
          engine: ctx.engine,
          hardware: { instanceType: i.instanceType, count },
          workload:
            w.kind === 'training'
              ? { kind: 'training', tokens: w.tokens, sequenceLength: w.sequenceLength }
              : { kind: 'fine-tuning', method: w.method, tokens: w.tokens, sequenceLength: w.sequenceLength },
        },
        ctx.deps,
      );
    } catch (e) {
      if (e instanceof Error && e.name === 'EstimateInputError') return undefined;
      throw e;
    }
  };
  const miss = (count: number, shortfall: string, factor: number, fits = true): PlanMiss => ({
    instanceType: i.instanceType,
    instanceCount: count,
    precision,
    hourlyUsd: c.unitHourlyUsd * count,
    shortfall,
    factor,
    fits,
  });

  const maxCount = i.networkGbps >= MIN_CLUSTER_NETWORK_GBPS ? MAX_TRAINING_INSTANCES : 1;
  let last: EstimateResponse | undefined;
  let lastCount = 1;
  for (let count = 1; count <= maxCount; count *= 2) {
    const e = run(count);
    if (!e) return undefined;
    last = e;
    lastCount = count;
    // From throughput, not the response's rounded hours: a short job must not price at $0.
    const tokensPerSecond = e.training?.tokensPerSecond ?? 0;
    const hours = tokensPerSecond > 0 ? w.tokens / tokensPerSecond / 3600 : Number.POSITIVE_INFINITY;
    if (!e.fits) continue;
    if (w.deadlineHours !== undefined && hours > w.deadlineHours) {
      // Throughput scales with the count: jump close to the count that meets the deadline.
      const needed = Math.ceil((count * hours) / w.deadlineHours);
      if (needed > count * 2) count = 2 ** Math.floor(Math.log2(needed)) / 2;
      continue;
    }
    const hourlyUsd = c.unitHourlyUsd * count;
    if (ctx.maxHourlyUsd !== undefined && hourlyUsd > ctx.maxHourlyUsd) {
      return miss(
        count,
        `$${hourlyUsd.toFixed(2)}/h is over the $${ctx.maxHourlyUsd}/h limit`,
        hourlyUsd / ctx.maxHourlyUsd,
      );
    }
    return {
      instance: i,
      instanceCount: count,
      precision,
      purchaseOption: c.purchaseOption,
      unitHourlyUsd: c.unitHourlyUsd,
      hourlyUsd,
      estimate: e,
      speed: 1 / hours,
      jobHours: hours,
      jobCostUsd: hourlyUsd * hours,
    };
  }
  if (!last) return undefined;
  const alone =
    maxCount === 1 ? ` (at ${i.networkGbps} Gb/s it has no cluster network to train across instances)` : '';
  if (!last.fits) {
    const usable = last.memory.capacityPerDeviceGiB * last.assumptions.usableMemoryFraction;
    return miss(
      lastCount,
      `${last.notes[0] ?? 'does not fit'}${alone}`,
      Math.max(1, last.memory.perDeviceGiB / usable),
      false,
    );
  }
  const hours = last.training?.hours ?? Number.POSITIVE_INFINITY;
  return miss(
    lastCount,
    `takes ${hours.toFixed(1)} h on ${lastCount} instance${lastCount > 1 ? 's' : ''}, over the ${w.deadlineHours} h deadline${alone}`,
    hours / (w.deadlineHours ?? hours),
  );
}
