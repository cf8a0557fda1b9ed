/**
 * Inference estimates: pick the tensor-parallel degree (smallest that holds the sequences, or the
 * one that serves the most for `concurrency: "max"`), then memory, latency and throughput.
 */
import type { Engine } from '../hardware/engines.js';
import { type Precision, precisionSpec } from '../model/precisions.js';
import type { EfficiencyProfile } from './efficiency.js';
import { type EstimateRejection, UnsupportedEstimateError } from './errors.js';
import { type Common, memoryUse, tensorParallelCandidates } from './estimate-common.js';
import { collectiveLatencyUs, peakFlopsFor, type ServingSetup, servingEfficiencies } from './forward.js';
import { batchPerReplica, bottleneckOf, inferenceMemory, replicasOf, serve } from './inference.js';
import type { EstimateNote } from './notes.js';
import type { InferenceAssumptions, InferenceEstimate } from './result.js';
import type { Target } from './target.js';
import type { Bottleneck, InferenceShape, Parallelism } from './workloads.js';

/**
 * Why an engine cannot serve weights in a format on a kind of hardware, or undefined when it can.
 * GGUF is llama.cpp's (vLLM reads it too); llama.cpp reads nothing else quantized.
 */
export function precisionProblem(
  precision: Precision,
  engine: Engine,
  kind: Target['kind'],
): EstimateRejection | undefined {
  const spec = precisionSpec(precision);
  if (spec.gguf && engine !== 'llama.cpp' && engine !== 'vllm') {
    return { code: 'gguf-needs-llama-cpp', field: 'precision', precision };
  }
  if (engine === 'llama.cpp' && !spec.gguf && !['fp32', 'fp16', 'bf16'].includes(precision)) {
    return { code: 'llama-cpp-needs-gguf', field: 'precision', precision };
  }
  if (engine === 'neuron' && (spec.gguf || precision === 'int4' || precision === 'nf4')) {
    return { code: 'neuron-precision', field: 'precision', precision };
  }
  if (kind === 'cpu' && precision === 'fp8') return { code: 'cpu-no-fp8', field: 'precision' };
  return undefined;
}

export function checkPrecisionForEngine(precision: Precision, engine: Engine, target: Target): void {
  const problem = precisionProblem(precision, engine, target.kind);
  if (problem) throw new UnsupportedEstimateError(problem);
}

function defaultKvPrecision(precision: Precision, profile: EfficiencyProfile): Precision {
  if (precision === 'fp8' && profile.fp8KvCache) return 'fp8';
  if (precision === 'fp32') return 'fp32';
  return precision === 'bf16' ? 'bf16' : 'fp16';
}

/** The numbers a search needs from an inference estimate, without building the whole estimate. */
export interface InferenceSummary {
  fits: boolean;
  timeToFirstTokenMs: number;
  timePerOutputTokenMs: number;
  requestLatencyMs: number;
  decodeTokensPerSecond: number;
  outputTokensPerSecond: number;
  bottleneck?: Bottleneck;
  /** The tensor-parallel degree the layout used. */
  tensorParallel: number;
  /** Sequences in flight (the KV pool's limit for `"max"`). */
  concurrency: number;
}

/**
 * An inference estimate prepared once for a model, precision, hardware, engine and request shape,
 * then asked at any concurrency: `summary` for searches (the planner asks thousands of times),
 * `estimate` for the full answer.
 */
export interface InferenceEstimator {
  /** `"max"`: as many sequences as the KV pool (and the engine's batch limit) holds. */
  summary(concurrency: number | 'max'): InferenceSummary;
  estimate(concurrency: number | 'max'): InferenceEstimate;
}

interface Choice {
  setup: ServingSetup;
  concurrency: number;
  fits: boolean;
}

export function prepareInference(
  options: { kvCachePrecision?: Precision; parallelism?: Parallelism },
  shape: InferenceShape,
  c: Common,
): InferenceEstimator {
  const { model, target, profile, precision } = c;
  const spec = precisionSpec(precision);
  const kvCachePrecision = options.kvCachePrecision ?? defaultKvPrecision(precision, profile);
  const pipeline = options.parallelism?.pipeline ?? 1;
  const kvBytesPerElement = precisionSpec(kvCachePrecision).bitsPerWeight / 8;
  const weightOnlyQuantized = spec.compute === 'weight-only' || (spec.gguf && target.kind !== 'cpu');
  const peakFlops = peakFlopsFor(target, spec.compute);
  const degrees = options.parallelism?.tensor
    ? [options.parallelism.tensor]
    : tensorParallelCandidates(model, target, pipeline);
  // Everything that does not depend on the concurrency, per tensor-parallel degree.
  const layouts = degrees.map((tensorParallel) => {
    const setup: ServingSetup = {
      model,
      target,
      profile,
      weightBytesPerParameter: spec.bitsPerWeight / 8,
      kvBytesPerElement,
      weightOnlyQuantized,
      peakFlops,
      tensorParallel,
      pipelineParallel: pipeline,
      precision,
    };
    return { setup, replicas: replicasOf(setup), memory: inferenceMemory(setup, shape, 0) };
  });

  // Numeric concurrency: the smallest tensor-parallel degree that holds the weights and the KV of
  // the sequences, the rest of the devices as replicas. "max": the degree that serves the most.
  function choose(concurrency: number | 'max'): Choice {
    const requested = typeof concurrency === 'number' ? concurrency : 1;
    let best: Choice | undefined;
    let bestThroughput = -1;
    for (const { setup, replicas, memory } of layouts) {
      if (concurrency === 'max') {
        const perReplica = Math.min(memory.maxSequencesPerReplica, profile.maxBatchSequences);
        if (perReplica < 1) continue;
        const throughput = serve(setup, shape, perReplica * replicas).outputTokensPerSecond;
        if (throughput > bestThroughput) {
          bestThroughput = throughput;
          best = { setup, concurrency: perReplica * replicas, fits: true };
        }
      } else if (
        memory.usableGiB - memory.perDeviceGiB >=
        memory.kvPerSequenceGiB * batchPerReplica(setup, requested)
      ) {
        return { setup, concurrency: requested, fits: true };
      }
    }
    const last = layouts[layouts.length - 1];
    if (!last) throw new Error('no tensor-parallel degree to try');
    return best ?? { setup: last.setup, concurrency: requested, fits: false };
  }

  return {
    summary(concurrency) {
      const chosen = choose(concurrency);
      if (!chosen.fits) {
        return {
          fits: false,
          timeToFirstTokenMs: Number.POSITIVE_INFINITY,
          timePerOutputTokenMs: Number.POSITIVE_INFINITY,
          requestLatencyMs: Number.POSITIVE_INFINITY,
          decodeTokensPerSecond: 0,
          outputTokensPerSecond: 0,
          tensorParallel: chosen.setup.tensorParallel,
          concurrency: chosen.concurrency,
        };
      }
      const r = serve(chosen.setup, shape, chosen.concurrency);
      return {
        fits: true,
        timeToFirstTokenMs: r.timeToFirstTokenMs,
        timePerOutputTokenMs: r.timePerOutputTokenMs,
        requestLatencyMs: r.requestLatencyMs,
        decodeTokensPerSecond: r.decodeTokensPerSecond,
        outputTokensPerSecond: r.outputTokensPerSecond,
        bottleneck: bottleneckOf(r.decode),
        tensorParallel: chosen.setup.tensorParallel,
        concurrency: chosen.concurrency,
      };
    },
    estimate: (concurrency) =>
      inferenceEstimate(choose(concurrency), concurrency === 'max', kvCachePrecision, shape, c),
  };
}

function inferenceEstimate(
  chosen: Choice,
  wantsMax: boolean,
  kvCachePrecision: Precision,
  shape: InferenceShape,
  c: Common,
): InferenceEstimate {
  const { model, target, profile, precision } = c;
  const notes: EstimateNote[] = [];
  const { setup } = chosen;
  const replicas = replicasOf(setup);
  const memory = inferenceMemory(setup, shape, batchPerReplica(setup, chosen.concurrency));
  const maxConcurrency = memory.maxSequencesPerReplica * replicas;

  if (!chosen.fits) {
    notes.push({
      code: 'does-not-fit',
      perDeviceGiB: memory.perDeviceGiB,
      usableGiB: memory.usableGiB,
      capacityGiB: target.memoryPerDeviceGiB,
      tensorParallel: setup.tensorParallel,
    });
  }
  if (wantsMax && chosen.fits && chosen.concurrency < maxConcurrency) {
    notes.push({ code: 'batch-capped', engine: c.engine, maxBatchSequences: profile.maxBatchSequences });
  }
  if (
    !wantsMax &&
    Math.ceil(chosen.concurrency / Math.min(replicas, chosen.concurrency)) > profile.maxBatchSequences
  ) {
    notes.push({ code: 'requests-queue', engine: c.engine, maxBatchSequences: profile.maxBatchSequences });
  }
  if (setup.tensorParallel > model.kvHeads && !model.kvLatentDim) {
    notes.push({ code: 'kv-heads-replicated', tensorParallel: setup.tensorParallel, kvHeads: model.kvHeads });
  }
  if (setup.tensorParallel > target.devicesPerNode) notes.push({ code: 'tensor-parallel-spans-instances' });
  if (
    target.accelerator &&
    !target.accelerator.peakTflops.bf16 &&
    (precision === 'bf16' || precision === 'fp16')
  ) {
    notes.push({ code: 'no-bf16-units', accelerator: target.accelerator.name });
  }
  if (precision === 'fp8' && target.kind !== 'cpu' && !target.peakTflops.fp8)
    notes.push({ code: 'no-fp8-units' });

  const estimate: InferenceEstimate = {
    kind: 'inference',
    fits: chosen.fits,
    memory: memoryUse(target, memory.perDeviceGiB, {
      weights: memory.weightsGiB,
      kvCache: memory.kvCacheGiB,
      activations: memory.activationsGiB,
      gradients: 0,
      optimizerStates: 0,
      overhead: memory.overheadGiB,
    }),
    assumptions: assumptionsFor(c, setup, kvCachePrecision, replicas),
    notes,
  };
  if (!chosen.fits) return estimate;

  const result = serve(setup, shape, chosen.concurrency);
  estimate.inference = {
    timeToFirstTokenMs: result.timeToFirstTokenMs,
    timePerOutputTokenMs: result.timePerOutputTokenMs,
    requestLatencyMs: result.requestLatencyMs,
    decodeTokensPerSecond: result.decodeTokensPerSecond,
    outputTokensPerSecond: result.outputTokensPerSecond,
    concurrency: chosen.concurrency,
    maxConcurrency,
    bottleneck: bottleneckOf(result.decode),
  };
  return estimate;
}

function assumptionsFor(
  c: Common,
  setup: ServingSetup,
  kvCachePrecision: Precision,
  replicas: number,
): InferenceAssumptions {
  const efficiencies = servingEfficiencies(setup);
  return {
    engine: c.engine,
    precision: c.precision,
    peakTflops: setup.peakFlops / 1e12,
    hardware: c.target.label,
    model: c.model.name,
    parameters: c.model.parameters,
    activeParameters: c.model.activeParameters,
    kvCachePrecision,
    tensorParallel: setup.tensorParallel,
    pipelineParallel: setup.pipelineParallel,
    dataParallel: replicas,
    memoryBandwidthEfficiency: efficiencies.memoryBandwidthEfficiency,
    computeEfficiency: c.profile.decodeComputeEfficiency,
    prefillComputeEfficiency: efficiencies.prefillComputeEfficiency,
    quantizedWeightEfficiency: setup.weightOnlyQuantized ? c.profile.quantizedWeightEfficiency : 1,
    efficiencyProfile: `${c.engine}/${c.target.hardwareClass}${efficiencies.kernelFamily ? `/${efficiencies.kernelFamily.id}` : ''}`,
    efficiencySource: efficiencies.kernelFamily
      ? `${c.profile.source}; ${efficiencies.kernelFamily.source}`
      : c.profile.source,
    perStepOverheadMs: c.profile.perStepOverheadMs,
    perLayerOverheadMs: c.profile.perLayerOverheadMs,
    perSequenceOverheadMs: c.profile.perSequenceOverheadMs,
    collectiveLatencyUs: collectiveLatencyUs(setup),
    usableMemoryFraction: c.profile.usableMemoryFraction,
    memoryBandwidthGBps: c.target.memoryBandwidthGBps,
  };
}
