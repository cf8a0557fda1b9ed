/**
 * Cheap bounds that let the search skip candidates without changing its answer: a lower bound on
 * what a candidate can cost and an upper bound on how fast it can be, from specs alone.
 */

import {
  bytesPerWeight,
  parametersReadPerStep,
  precisionSpec,
  type ResolvedModel,
  weightFlopsPerToken,
} from '../model/index.js';
import type { Precision } from '../model/precisions.js';
import { bestCaseEfficiencies, type EfficiencyProfile } from '../perf/efficiency.js';
import { peakFlopsFor } from '../perf/forward.js';

import { type HardwareCandidate, targetOf } from './candidates.js';
import { instancesPerReplica } from './inference.js';

/** Memory bandwidth (GB/s) one replica can stream its weights with: all of an instance's devices. */
function replicaBandwidthGBps(c: HardwareCandidate): number {
  const target = targetOf(c);
  return target.memoryBandwidthGBps * target.devices;
}

/** Dense peak FLOP/s of one instance for the arithmetic a precision runs at (as the estimator counts it). */
function instancePeakFlops(c: HardwareCandidate, precision: Precision): number {
  const target = targetOf(c);
  return peakFlopsFor(target, precisionSpec(precision).compute) * target.devices;
}

/** The fewest bytes a decode step can read for one token: the weights it passes through. */
export function decodeBytesPerToken(model: ResolvedModel, precision: Precision): number {
  return parametersReadPerStep(model, 1) * bytesPerWeight(precision);
}

/** Decode speed per stream can never beat the replica's bandwidth over the bytes of one token. */
/**
 * Decode speed per stream can never beat the replica's bandwidth, at the engine's bandwidth
 * efficiency, over the bytes of one token (fixed costs only slow it further).
 */
export function decodeSpeedUpperBound(
  c: HardwareCandidate,
  bytesPerToken: number,
  profile: EfficiencyProfile,
): number {
  const { memoryBandwidthEfficiency } = best(c, profile);
  return (replicaBandwidthGBps(c) * 1e9 * memoryBandwidthEfficiency) / bytesPerToken;
}

/** The engine's best efficiencies on the candidate (CPU kernel families included). */
const best = (c: HardwareCandidate, profile: EfficiencyProfile) =>
  bestCaseEfficiencies(profile, targetOf(c).cpu);

/**
 * What one replica of a candidate can sustain at most, from specs alone: the instances that hold
 * the weights, and the request rate it cannot exceed. A replica cannot serve more requests per
 * second than its peak FLOP/s, at the engine's best compute efficiency, over the FLOPs of one
 * request (2 per active parameter per prompt and output token), nor batch more sequences than its
 * engine allows on every device, and every request stays in flight at least as long as its output
 * takes at the bandwidth-bound decode speed (Little's law).
 */
export type ReplicaCapacityBound = ReturnType<typeof replicaCapacityBound>;

export function replicaCapacityBound(
  c: HardwareCandidate,
  model: ResolvedModel,
  precision: Precision,
  profile: EfficiencyProfile,
  shape: { inputTokens: number; outputTokens: number },
) {
  const perReplica = instancesPerReplica(c, model.parameters * bytesPerWeight(precision));
  const efficiency = Math.max(best(c, profile).prefillComputeEfficiency, profile.decodeComputeEfficiency);
  const replicaFlops = instancePeakFlops(c, precision) * perReplica * efficiency;
  const flopsPerRequest = weightFlopsPerToken(model) * (shape.inputTokens + shape.outputTokens);
  const shortestRequestSeconds =
    shape.outputTokens / decodeSpeedUpperBound(c, decodeBytesPerToken(model, precision), profile);
  const batchSequences = profile.maxBatchSequences * Math.max(1, c.machine.acceleratorCount) * perReplica;
  return {
    perReplica,
    batchSequences,
    /** Requests per second, at most. */
    requestsPerSecond: Math.min(replicaFlops / flopsPerRequest, batchSequences / shortestRequestSeconds),
    flopsPerRequest,
    replicaFlops,
    shortestRequestSeconds,
  };
}

/**
 * Inference: the instances that hold the weights, times the replicas the traffic needs at least
 * (see `replicaCapacityBound`).
 */
export function inferenceCostLowerBound(
  c: HardwareCandidate,
  b: ReplicaCapacityBound,
  traffic: { requestsPerSecond?: number; concurrentRequests?: number },
): number {
  const rate = traffic.requestsPerSecond ?? 0;
  const byRate = (rate * b.flopsPerRequest) / b.replicaFlops;
  const inFlight = Math.max(traffic.concurrentRequests ?? 0, rate * b.shortestRequestSeconds);
  const byBatch = inFlight / b.batchSequences;
  return c.unitHourlyUsd * b.perReplica * Math.max(1, Math.ceil(byRate), Math.ceil(byBatch));
}

/**
 * The shortest possible time to first token, ms: the engine's fixed request cost plus the prompt's
 * FLOPs on every device of an instance at the engine's prefill efficiency.
 */
export function firstTokenMsLowerBound(
  c: HardwareCandidate,
  model: ResolvedModel,
  precision: Precision,
  profile: EfficiencyProfile,
  inputTokens: number,
): number {
  const flops = weightFlopsPerToken(model) * inputTokens;
  const efficiency = best(c, profile).prefillComputeEfficiency;
  const computeMs = (flops / (instancePeakFlops(c, precision) * efficiency)) * 1000;
  return profile.perRequestOverheadMs + computeMs;
}
