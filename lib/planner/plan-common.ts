/** Pieces every kind of plan shares: what the hardware used says about the tier, the misses worth quoting, the requirements. */
import { bytesPerWeight, bytesToGiB, kvCacheBytes } from '../model/index.js';
import { LARGE_MODEL_DEVICE_GIB } from './defaults.js';
import type { PlanInput } from './input.js';
import { devicesOf, nearest, type PlanMiss, type PlanOption } from './options.js';
import type { RationaleItem, Requirements, Tier } from './result.js';
import type { Usage } from './usage.js';

/** Accelerators one replica (inference) or the whole job (training) uses. */
export function acceleratorsUsed(best: PlanOption): number {
  const e = best.estimate;
  if (best.machine.acceleratorKind === 'cpu') return 0;
  return e.kind === 'training'
    ? e.memory.devices
    : e.assumptions.tensorParallel * e.assumptions.pipelineParallel;
}

/**
 * Needing several accelerators, or more memory on one device (a GPU, or a CPU instance's RAM) than
 * the commonest single GPUs hold.
 */
export function needsLargeModelHardware(
  best: PlanOption,
  perDeviceGiB = best.estimate.memory.perDeviceGiB,
): boolean {
  return acceleratorsUsed(best) > 1 || perDeviceGiB > LARGE_MODEL_DEVICE_GIB;
}

/**
 * What one device needs for the model itself: the plan's memory less the KV cache of every sequence
 * but one. A batch job fills memory with sequences for throughput; that is a choice, not a need.
 */
export function modelNeedPerDeviceGiB(best: PlanOption): number {
  const e = best.estimate;
  if (e.kind !== 'inference' || !e.inference) return e.memory.perDeviceGiB;
  const kv = e.memory.breakdownGiB.kvCache;
  return e.memory.perDeviceGiB - kv + kv / Math.max(1, e.inference.concurrency);
}

/** The tier item of the rationale. */
export function tierItem(
  tier: Tier,
  best: PlanOption,
  extra: { job?: boolean; sequencesInFlight?: number; basis?: Usage['basis']; perDeviceGiB?: number } = {},
): RationaleItem {
  return {
    code: 'tier',
    tier,
    replicas: best.replicas ?? 1,
    // A job uses its whole fleet; a serving plan is said by what one replica needs.
    accelerators:
      extra.job && best.machine.acceleratorKind !== 'cpu' ? devicesOf(best) : acceleratorsUsed(best),
    instances: best.instanceCount,
    perDeviceGiB: extra.perDeviceGiB ?? best.estimate.memory.perDeviceGiB,
    largeModelGiB: LARGE_MODEL_DEVICE_GIB,
    ...extra,
  } as RationaleItem;
}

/** The cheaper hardware that did not make it, nearest first: the reason this tier and kind won. */
export function cheaperMiss(best: PlanOption, misses: readonly PlanMiss[]): PlanMiss | undefined {
  // The hardware just below in price, not the cheapest toy: what the next step down lacks. Owned
  // machines cost nothing; the rationale says apart how far they fall short.
  return misses
    .filter((m) => m.unitHourlyUsd < best.unitHourlyUsd && !m.owned && m.reason.code !== 'budget')
    .sort((a, b) => b.unitHourlyUsd - a.unitHourlyUsd || a.factor - b.factor)[0];
}

/** The nearest misses, nearest first: what came close and by how much. */
export function nearestMisses(misses: readonly PlanMiss[], count = 10): PlanMiss[] {
  const out: PlanMiss[] = [];
  let rest = [...misses];
  while (out.length < count && rest.length > 0) {
    const m = nearest(rest);
    if (!m) break;
    out.push(m);
    // One per instance type: its other precisions or counts miss for the same reason or by more.
    rest = rest.filter((r) => r.instanceType !== m.instanceType);
  }
  return out;
}

/** Inference requirements: weights plus the KV cache of the sequences in flight. */
export function inferenceRequirements(
  input: PlanInput,
  best: PlanOption,
  goal: {
    inputTokens: number;
    outputTokens: number;
    requestsPerSecond?: number;
    slo: { timeToFirstTokenMs: number; timePerOutputTokenMs: number };
  },
): Requirements {
  const { model } = input;
  const weightsGiB = bytesToGiB(model.parameters * bytesPerWeight(best.precision));
  const sequences = best.concurrency ?? 1;
  const kvPerSequenceGiB = bytesToGiB(kvCacheBytes(model, goal.inputTokens + goal.outputTokens, 2));
  const kvCacheGiB = kvPerSequenceGiB * sequences;
  // One replica needs its weights, the KV of the sequences it holds, and its engine's workspace
  // and runtime on each of its devices: the figure no smaller machine could run it in.
  const e = best.estimate;
  const replicas = best.replicas ?? 1;
  const devicesPerReplica =
    e.kind === 'inference' ? e.assumptions.tensorParallel * e.assumptions.pipelineParallel : 1;
  const fixedGiB = (e.memory.breakdownGiB.activations + e.memory.breakdownGiB.overhead) * devicesPerReplica;
  return {
    memoryGiB: weightsGiB + kvPerSequenceGiB * Math.ceil(sequences / replicas) + fixedGiB,
    weightsGiB,
    kvCacheGiB,
    concurrentSequences: sequences,
    ...(goal.requestsPerSecond !== undefined && { requestsPerSecond: goal.requestsPerSecond }),
    decodeTokensPerSecond: 1000 / goal.slo.timePerOutputTokenMs,
    timeToFirstTokenMs: goal.slo.timeToFirstTokenMs,
  };
}
