/**
 * Inference under load: memory per device, the KV-limited concurrency, and continuous batching
 * (DESIGN §5). Decode and prefill share each replica; a sequence's time per output token is the
 * decode step plus the prefill work of the other sequences spread over its output.
 */
import { bytesToGiB } from '../model/units.js';
import {
  forwardPass,
  kvBytesPerDevice,
  type ServingSetup,
  type StepTime,
  weightBytesPerDevice,
} from './forward.js';

export interface InferenceShape {
  inputTokens: number;
  outputTokens: number;
}

export interface InferenceMemory {
  weightsGiB: number;
  kvCacheGiB: number;
  activationsGiB: number;
  overheadGiB: number;
  perDeviceGiB: number;
  usableGiB: number;
  /** KV cache per sequence on one device. */
  kvPerSequenceGiB: number;
  /** Sequences whose KV fits in one replica's pool. */
  maxSequencesPerReplica: number;
}

export const replicasOf = (s: ServingSetup): number =>
  Math.max(1, Math.floor(s.target.devices / (s.tensorParallel * s.pipelineParallel)));

/**
 * Logits and sampler buffers the engine reserves for a full batch: fp32 logits over the vocabulary
 * for every sequence it may batch, plus the softmax, sorted-probability and index copies of top-k/p
 * sampling. Serving engines size them at start-up (vLLM profiles a dummy sampler run over
 * max_num_seqs), so a large vocabulary leaves less memory for the KV cache.
 */
const SAMPLER_BYTES_PER_LOGIT = 4 * 4;

function samplerWorkspaceGiB(s: ServingSetup): number {
  if (s.target.kind === 'cpu') return 0;
  return bytesToGiB(s.profile.maxBatchSequences * (s.model.vocabSize ?? 32_000) * SAMPLER_BYTES_PER_LOGIT);
}

/** Memory per device for `sequencesPerReplica` sequences of the given shape. */
export function inferenceMemory(
  s: ServingSetup,
  shape: InferenceShape,
  sequencesPerReplica: number,
): InferenceMemory {
  const { profile, target } = s;
  const weightsGiB = bytesToGiB(weightBytesPerDevice(s));
  const kvPerSequenceGiB = bytesToGiB(kvBytesPerDevice(s, shape.inputTokens + shape.outputTokens));
  const activationsGiB = profile.workspaceGiB + samplerWorkspaceGiB(s);
  const overheadGiB = profile.runtimeOverheadGiB;
  const usableGiB = target.memoryPerDeviceGiB * profile.usableMemoryFraction;
  const poolGiB = usableGiB - weightsGiB - activationsGiB - overheadGiB;
  const maxSequencesPerReplica = poolGiB > 0 ? Math.floor(poolGiB / kvPerSequenceGiB) : 0;
  const kvCacheGiB = kvPerSequenceGiB * sequencesPerReplica;
  return {
    weightsGiB,
    kvCacheGiB,
    activationsGiB,
    overheadGiB,
    perDeviceGiB: weightsGiB + kvCacheGiB + activationsGiB + overheadGiB,
    usableGiB,
    kvPerSequenceGiB,
    maxSequencesPerReplica,
  };
}

export interface ServingResult {
  /** Sequences assigned to each busy replica. */
  sequencesPerReplica: number;
  /** Sequences each replica actually batches (the engine caps it; the rest wait in a queue). */
  batchPerReplica: number;
  activeReplicas: number;
  decode: StepTime;
  timeToFirstTokenMs: number;
  timePerOutputTokenMs: number;
  requestLatencyMs: number;
  decodeTokensPerSecond: number;
  outputTokensPerSecond: number;
}

/** Sequences one replica batches for `concurrency` in flight: the engine's batch limit caps it. */
export function batchPerReplica(s: ServingSetup, concurrency: number): number {
  const active = Math.min(replicasOf(s), concurrency);
  return Math.min(Math.ceil(concurrency / active), s.profile.maxBatchSequences);
}

/**
 * Serve `concurrency` sequences in flight over the replicas (closed loop: each finished request is
 * replaced). With pipeline parallelism up to `pp` micro-batches are in flight at once. Beyond the
 * engine's batch limit, requests queue: Little's law stretches their latency by the queue's share.
 */
export function serve(s: ServingSetup, shape: InferenceShape, concurrency: number): ServingResult {
  const replicas = replicasOf(s);
  const activeReplicas = Math.min(replicas, concurrency);
  const sequencesPerReplica = Math.ceil(concurrency / activeReplicas);
  const batch = Math.min(sequencesPerReplica, s.profile.maxBatchSequences);
  const microBatches = Math.min(s.pipelineParallel, batch);
  const contextMidway = shape.inputTokens + shape.outputTokens / 2;

  const decode = forwardPass(s, {
    sequences: batch / microBatches,
    newTokens: 1,
    cachedTokens: contextMidway,
    windowTokens: shape.inputTokens + shape.outputTokens,
    phase: 'decode',
  });
  // Every sequence's prompt is prefilled once per request; batched together they cost one pass.
  const prefillAll = forwardPass(s, {
    sequences: batch,
    newTokens: shape.inputTokens,
    cachedTokens: 0,
    phase: 'prefill',
  });
  // A lone sequence is not slowed by anyone's prefill; with others in flight, their prompts are
  // interleaved with its decode steps (continuous batching).
  const othersShare = (batch - 1) / batch;
  const timePerOutputTokenSeconds = decode.seconds + (othersShare * prefillAll.seconds) / shape.outputTokens;

  // A new request waits for the step in progress, then its prompt is prefilled with the others
  // that arrived in the same step.
  const arrivalsPerStep = Math.max(1, Math.min(batch, batch / shape.outputTokens));
  const ownPrefill = forwardPass(s, {
    sequences: arrivalsPerStep,
    newTokens: shape.inputTokens,
    cachedTokens: 0,
    phase: 'prefill',
  });
  const waitSeconds = batch > 1 ? decode.seconds / 2 : 0;
  const servedTtftSeconds = s.profile.perRequestOverheadMs / 1000 + waitSeconds + ownPrefill.seconds;
  const servedLatencySeconds = servedTtftSeconds + (shape.outputTokens - 1) * timePerOutputTokenSeconds;
  const queueSeconds = servedLatencySeconds * (sequencesPerReplica / batch - 1);
  const timeToFirstTokenSeconds = servedTtftSeconds + queueSeconds;
  const requestLatencySeconds = servedLatencySeconds + queueSeconds;

  return {
    sequencesPerReplica,
    batchPerReplica: batch,
    activeReplicas,
    decode,
    timeToFirstTokenMs: timeToFirstTokenSeconds * 1000,
    timePerOutputTokenMs: timePerOutputTokenSeconds * 1000,
    requestLatencyMs: requestLatencySeconds * 1000,
    decodeTokensPerSecond: 1 / timePerOutputTokenSeconds,
    outputTokensPerSecond: (activeReplicas * batch * shape.outputTokens) / servedLatencySeconds,
  };
}

/** Which resource bounds a step: the largest of its parts. */
export function bottleneckOf(step: StepTime): 'memory-bandwidth' | 'compute' | 'interconnect' | 'overhead' {
  // Plain comparisons: the planner asks this thousands of times per plan.
  let name: 'memory-bandwidth' | 'compute' | 'interconnect' | 'overhead' = 'memory-bandwidth';
  let largest = step.memorySeconds;
  if (step.computeSeconds > largest) {
    name = 'compute';
    largest = step.computeSeconds;
  }
  if (step.communicationSeconds > largest) {
    name = 'interconnect';
    largest = step.communicationSeconds;
  }
  if (step.overheadSeconds > largest) name = 'overhead';
  return name;
}
