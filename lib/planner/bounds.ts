/**
 * Cheap bounds that let the search skip candidates without changing its answer: a lower bound on
 * what a candidate can cost and an upper bound on how fast it can be, from specs alone.
 */
import type { PlanWorkload } from '../contract/plan.js';
import type { Precision } from '../contract/schemas.js';
import { cpuInstanceResources, findAccelerator, findCpuGeneration } from '../hardware/index.js';
import { bytesPerWeight, parametersReadPerStep, type ResolvedModel } from '../model/index.js';
import type { HardwareCandidate } from './candidates.js';
import { instancesPerReplica } from './inference.js';

/** No training stack sustains more than this share of peak (the efficiency tables top out at 0.46). */
const MAX_TRAINING_UTILIZATION = 0.5;

/** Memory bandwidth (GB/s) one replica can stream its weights with: all of an instance's devices. */
function replicaBandwidthGBps(c: HardwareCandidate): number {
  let bandwidth = bandwidthCache.get(c.instance);
  if (bandwidth === undefined) {
    bandwidth = instanceBandwidthGBps(c);
    bandwidthCache.set(c.instance, bandwidth);
  }
  return bandwidth;
}

const bandwidthCache = new WeakMap<object, number>();

function instanceBandwidthGBps(c: HardwareCandidate): number {
  const i = c.instance;
  const spec = i.accelerator ? findAccelerator(i.accelerator) : undefined;
  if (spec) return spec.memoryBandwidthGBps * i.acceleratorCount;
  const cpu = findCpuGeneration(i.cpu);
  return cpu ? cpuInstanceResources(cpu, i.vcpus).memoryBandwidthGBps : 0;
}

/** Highest dense peak (TFLOP/s) of one instance, any format; computed once per catalog instance. */
function instancePeakTflops(c: HardwareCandidate): number {
  let peak = peakCache.get(c.instance);
  if (peak === undefined) {
    peak = computePeakTflops(c);
    peakCache.set(c.instance, peak);
  }
  return peak;
}

const peakCache = new WeakMap<object, number>();

function computePeakTflops(c: HardwareCandidate): number {
  const i = c.instance;
  const spec = i.accelerator ? findAccelerator(i.accelerator) : undefined;
  if (spec) return Math.max(...Object.values(spec.peakTflops).map(Number)) * i.acceleratorCount;
  const cpu = findCpuGeneration(i.cpu);
  if (!cpu) return 0;
  const p = cpuInstanceResources(cpu, i.vcpus).peakTflops;
  return Math.max(p.fp32, p.bf16, p.int8);
}

/** The fewest bytes a decode step can read for one token: the weights it passes through. */
export function decodeBytesPerToken(model: ResolvedModel, precision: Precision): number {
  return parametersReadPerStep(model, 1) * bytesPerWeight(precision);
}

/** Decode speed per stream can never beat the replica's bandwidth over the bytes of one token. */
export function decodeSpeedUpperBound(c: HardwareCandidate, bytesPerToken: number): number {
  return (replicaBandwidthGBps(c) * 1e9) / bytesPerToken;
}

/** No serving engine sustains more than this share of peak FLOP/s (the efficiency tables top out at 0.68). */
const MAX_SERVING_UTILIZATION = 0.75;

/**
 * Inference: the instances that hold the weights, times the replicas the traffic needs at least.
 * A replica cannot serve more requests per second than its peak FLOP/s over the FLOPs of one
 * request (2 per active parameter per prompt and output token), nor hold more sequences than its
 * engine batches on every device.
 */
export function inferenceCostLowerBound(
  c: HardwareCandidate,
  model: ResolvedModel,
  precision: Precision,
  traffic: {
    requestsPerSecond?: number;
    concurrentRequests?: number;
    tokensPerRequest: number;
    maxBatchPerDevice: number;
  },
): number {
  const perReplica = instancesPerReplica(c, model.parameters * bytesPerWeight(precision));
  const replicaFlops = instancePeakTflops(c) * 1e12 * perReplica * MAX_SERVING_UTILIZATION;
  const byRate =
    ((traffic.requestsPerSecond ?? 0) * 2 * model.activeParameters * traffic.tokensPerRequest) / replicaFlops;
  const byBatch =
    (traffic.concurrentRequests ?? 0) /
    (traffic.maxBatchPerDevice * Math.max(1, c.instance.acceleratorCount) * perReplica);
  return c.unitHourlyUsd * perReplica * Math.max(1, Math.ceil(byRate), Math.ceil(byBatch));
}

/** Training: the job's FLOPs at the highest utilization any stack reaches, priced per instance-hour. */
export function trainingCostLowerBound(
  c: HardwareCandidate,
  model: ResolvedModel,
  workload: Exclude<PlanWorkload, { kind: 'inference' }>,
): number {
  const flopsPerToken =
    (workload.kind === 'fine-tuning' && workload.method !== 'full' ? 4 : 6) * model.activeParameters;
  const instanceHours =
    (flopsPerToken * workload.tokens) / (instancePeakTflops(c) * 1e12 * MAX_TRAINING_UTILIZATION) / 3600;
  return c.unitHourlyUsd * instanceHours;
}
