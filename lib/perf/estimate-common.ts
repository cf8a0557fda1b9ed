/**
 * Pieces every kind of estimate shares: the resolved inputs, the parallel degrees worth trying, and
 * the memory block.
 */
import type { Engine } from '../hardware/engines.js';
import type { ResolvedModel } from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import type { EfficiencyProfile } from './efficiency.js';
import type { MemoryBreakdown, MemoryUse } from './result.js';
import type { Target } from './target.js';

/** The resolved inputs of one estimate. */
export interface Common {
  model: ResolvedModel;
  target: Target;
  engine: Engine;
  profile: EfficiencyProfile;
  precision: Precision;
}

/** Powers of two (and the device count itself) that divide the devices and the attention heads. */
export function tensorParallelCandidates(model: ResolvedModel, target: Target, pipeline: number): number[] {
  if (target.kind === 'cpu') return [1];
  const perReplica = Math.floor(target.devices / pipeline);
  const out: number[] = [];
  for (let t = 1; t <= perReplica; t *= 2)
    if (perReplica % t === 0 && model.attentionHeads % t === 0) out.push(t);
  return out.length ? out : [1];
}

/** The `memory` block of an estimate: per-device total and breakdown. */
export function memoryUse(target: Target, perDeviceGiB: number, breakdownGiB: MemoryBreakdown): MemoryUse {
  return {
    perDeviceGiB,
    capacityPerDeviceGiB: target.memoryPerDeviceGiB,
    devices: target.devices,
    breakdownGiB,
  };
}
