/**
 * Pieces every kind of estimate shares: the resolved inputs, the parallel degrees worth trying, and
 * the memory block.
 */
import { validTensorDegrees } from '../hardware/capabilities.js';
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

/**
 * Tensor-parallel degrees worth trying on a target, ascending: those the hardware can shard the
 * heads over (lib/hardware capabilities: GPUs divide the heads, Neuron pads them) that also divide
 * the devices of one replica, so none sits idle.
 */
export function tensorParallelCandidates(model: ResolvedModel, target: Target, pipeline: number): number[] {
  if (target.kind === 'cpu') return [1];
  const perReplica = Math.floor(target.devices / pipeline);
  const degrees = validTensorDegrees({
    accelerator: target.accelerator?.id,
    devices: perReplica,
    attentionHeads: model.attentionHeads,
    kvHeads: model.kvHeads,
  }).filter((t) => perReplica % t === 0);
  return degrees.length ? degrees : [1];
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
