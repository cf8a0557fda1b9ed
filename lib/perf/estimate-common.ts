/**
 * Pieces every kind of estimate shares: the resolved inputs, rounding, the parallel degrees worth
 * trying, and the parts of the response that do not depend on the workload.
 */
import type { EstimateResponse } from '../contract/schemas.js';
import type { Engine } from '../hardware/engines.js';
import type { ResolvedModel } from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import type { EfficiencyProfile } from './efficiency.js';
import type { Target } from './target.js';

/** The resolved inputs of one estimate. */
export interface Common {
  model: ResolvedModel;
  target: Target;
  engine: Engine;
  profile: EfficiencyProfile;
  precision: Precision;
}

export const round = (x: number, digits = 3) => {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export /** Powers of two (and the device count itself) that divide the devices and the attention heads. */
function tensorParallelCandidates(model: ResolvedModel, target: Target, pipeline: number): number[] {
  if (target.kind === 'cpu') return [1];
  const perReplica = Math.floor(target.devices / pipeline);
  const out: number[] = [];
  for (let t = 1; t <= perReplica; t *= 2)
    if (perReplica % t === 0 && model.attentionHeads % t === 0) out.push(t);
  return out.length ? out : [1];
}

/** The `memory` block of a response: per-device totals and the breakdown, rounded. */
export function memorySummary(
  target: Target,
  perDeviceGiB: number,
  parts: EstimateResponse['memory']['breakdownGiB'],
): EstimateResponse['memory'] {
  return {
    perDeviceGiB: round(perDeviceGiB),
    capacityPerDeviceGiB: round(target.memoryPerDeviceGiB),
    devices: target.devices,
    breakdownGiB: {
      weights: round(parts.weights),
      kvCache: round(parts.kvCache),
      activations: round(parts.activations),
      gradients: round(parts.gradients),
      optimizerStates: round(parts.optimizerStates),
      overhead: round(parts.overhead),
    },
  };
}

/** Round to `digits` significant digits: durations span microseconds to years. */
export function roundSignificant(x: number, digits = 6): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}
