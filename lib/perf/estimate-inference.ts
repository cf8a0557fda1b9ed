/**
 * Inference estimates: pick the tensor-parallel degree (smallest that holds the sequences, or the
 * one that serves the most for `concurrency: "max"`), then memory, latency and throughput.
 */
import type { bottlenecks, EstimateRequest, EstimateResponse } from '../contract/schemas.js';
import type { Engine } from '../hardware/engines.js';
import type { Precision } from '../model/precisions.js';
import { precisionSpec } from '../model/precisions.js';
import type { EfficiencyProfile } from './efficiency.js';
import { EstimateInputError } from './errors.js';
import { type Common, memorySummary, round, tensorParallelCandidates } from './estimate-common.js';
import { collectiveLatencyUs, peakFlopsFor, type ServingSetup } from './forward.js';
import { batchPerReplica, bottleneckOf, inferenceMemory, replicasOf, serve } from './inference.js';
import type { Target } from './target.js';

/**
 * Why an engine cannot serve weights in a format on a kind of hardware, or undefined when it can.
 * GGUF is llama.cpp's (vLLM reads it too); llama.cpp reads nothing else quantized.
 */
export function precisionProblem(
  precision: Precision,
  engine: Engine,
  kind: Target['kind'],
): string | undefined {
  const spec = precisionSpec(precision);
  if (spec.gguf && engine !== 'llama.cpp' && engine !== 'vllm') {
    return `${precision} is a GGUF format: run it with llama.cpp (or vllm)`;
  }
  if (engine === 'llama.cpp' && !spec.gguf && !['fp32', 'fp16', 'bf16'].includes(precision)) {
    return `llama.cpp uses GGUF formats (q8_0, q4_k_m, ...), not ${precision}`;
  }
  if (engine === 'neuron' && (spec.gguf || precision === 'int4' || precision === 'nf4')) {
    return `the Neuron SDK serves bf16, fp16, fp8 and int8 weights, not ${precision}`;
  }
  if (kind === 'cpu' && precision === 'fp8')
    return 'CPUs have no fp8 arithmetic: use int8, bf16 or a GGUF format';
  return undefined;
}

export function checkPrecisionForEngine(precision: Precision, engine: Engine, target: Target): void {
  const problem = precisionProblem(precision, engine, target.kind);
  if (problem) throw new EstimateInputError('/precision', problem);
}

function defaultKvPrecision(precision: Precision, profile: EfficiencyProfile): Precision {
  if (precision === 'fp8' && profile.fp8KvCache) return 'fp8';
  if (precision === 'fp32') return 'fp32';
  return precision === 'bf16' ? 'bf16' : 'fp16';
}

/** The numbers a search needs from an inference estimate, unrounded, without the response's prose. */
export interface InferenceSummary {
  fits: boolean;
  timeToFirstTokenMs: number;
  timePerOutputTokenMs: number;
  requestLatencyMs: number;
  decodeTokensPerSecond: number;
  outputTokensPerSecond: number;
  bottleneck?: (typeof bottlenecks)[number];
}

/**
 * An inference estimate prepared once for a model, precision, hardware, engine and request shape,
 * then asked at any concurrency: `summary` for searches (the planner asks thousands of times),
 * `response` for the full answer.
 */
export interface InferenceEstimator {
  summary(concurrency: number): InferenceSummary;
  response(concurrency: number | 'max'): EstimateResponse;
}

interface Choice {
  setup: ServingSetup;
  concurrency: number;
  fits: boolean;
}

export function prepareInference(
  req: Pick<EstimateRequest, 'kvCachePrecision' | 'parallelism'>,
  shape: { inputTokens: number; outputTokens: number },
  c: Common,
): InferenceEstimator {
  const { model, target, profile, precision } = c;
  const spec = precisionSpec(precision);
  const kvCachePrecision = req.kvCachePrecision ?? defaultKvPrecision(precision, profile);
  const pipeline = req.parallelism?.pipeline ?? 1;
  const kvBytesPerElement = precisionSpec(kvCachePrecision).bitsPerWeight / 8;
  const weightOnlyQuantized = spec.compute === 'weight-only' || (spec.gguf && target.kind !== 'cpu');
  const peakFlops = peakFlopsFor(target, spec.compute);
  const degrees = req.parallelism?.tensor
    ? [req.parallelism.tensor]
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
      };
    },
    response: (concurrency) =>
      respond(choose(concurrency), concurrency === 'max', kvCachePrecision, shape, c),
  };
}

function respond(
  chosen: Choice,
  wantsMax: boolean,
  kvCachePrecision: Precision,
  shape: { inputTokens: number; outputTokens: number },
  c: Common,
): EstimateResponse {
  const { model, target, profile, precision } = c;
  const notes: string[] = [];
  if (model.maxContextTokens && shape.inputTokens + shape.outputTokens > model.maxContextTokens) {
    notes.push(
      `input + output (${shape.inputTokens + shape.outputTokens} tokens) exceeds the model's context of ${model.maxContextTokens} tokens`,
    );
  }
  const { setup } = chosen;
  const replicas = replicasOf(setup);
  const memory = inferenceMemory(setup, shape, batchPerReplica(setup, chosen.concurrency));
  const maxConcurrency = memory.maxSequencesPerReplica * replicas;

  if (!chosen.fits) {
    const shortGiB = memory.perDeviceGiB - memory.usableGiB;
    notes.push(
      `does not fit: needs ${round(memory.perDeviceGiB, 1)} GiB per device with ${setup.tensorParallel}-way tensor parallelism, ` +
        `${round(memory.usableGiB, 1)} GiB usable of ${round(target.memoryPerDeviceGiB, 1)} GiB (${round(shortGiB, 1)} GiB short)`,
    );
  }
  if (wantsMax && chosen.fits && chosen.concurrency < maxConcurrency) {
    notes.push(
      `concurrency capped at ${profile.maxBatchSequences} sequences per replica by ${c.engine}'s batch limit`,
    );
  }
  if (
    !wantsMax &&
    Math.ceil(chosen.concurrency / Math.min(replicas, chosen.concurrency)) > profile.maxBatchSequences
  ) {
    notes.push(
      `${c.engine} batches at most ${profile.maxBatchSequences} sequences per replica: the rest wait in a queue, which adds to time to first token`,
    );
  }
  if (setup.tensorParallel > model.kvHeads && !model.kvLatentDim) {
    notes.push(
      `tensor parallel degree ${setup.tensorParallel} exceeds ${model.kvHeads} KV heads: KV heads are replicated`,
    );
  }
  if (setup.tensorParallel > target.devicesPerNode) {
    notes.push('the tensor-parallel group spans instances: collectives go over the network');
  }
  if (
    target.accelerator &&
    !target.accelerator.peakTflops.bf16 &&
    (precision === 'bf16' || precision === 'fp16')
  ) {
    notes.push(`${target.accelerator.name} has no BF16 units: 16-bit work runs at its FP16 rate`);
  }
  if (precision === 'fp8' && target.kind !== 'cpu' && !target.peakTflops.fp8) {
    notes.push('no FP8 tensor cores on this device: FP8 weights are upcast, compute at the 16-bit rate');
  }

  const base = {
    fits: chosen.fits,
    memory: memorySummary(target, memory.perDeviceGiB, {
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
  if (!chosen.fits) return base;

  const result = serve(setup, shape, chosen.concurrency);
  return {
    ...base,
    inference: {
      timeToFirstTokenMs: round(result.timeToFirstTokenMs),
      timePerOutputTokenMs: round(result.timePerOutputTokenMs),
      requestLatencyMs: round(result.requestLatencyMs),
      decodeTokensPerSecond: round(result.decodeTokensPerSecond),
      outputTokensPerSecond: round(result.outputTokensPerSecond),
      concurrency: chosen.concurrency,
      maxConcurrency,
      bottleneck: bottleneckOf(result.decode),
    },
  };
}

function assumptionsFor(c: Common, setup: ServingSetup, kvCachePrecision: Precision, replicas: number) {
  return {
    // One flat literal: the planner builds thousands of these, and spreading a shared part into a
    // literal with many more keys is an order of magnitude slower on V8.
    engine: c.engine,
    precision: c.precision,
    peakTflops: round(setup.peakFlops / 1e12, 1),
    hardware: c.target.label,
    model: c.model.name,
    parameters: c.model.parameters,
    activeParameters: c.model.activeParameters,
    kvCachePrecision,
    tensorParallel: setup.tensorParallel,
    pipelineParallel: setup.pipelineParallel,
    dataParallel: replicas,
    memoryBandwidthEfficiency: c.profile.memoryBandwidthEfficiency,
    computeEfficiency: c.profile.decodeComputeEfficiency,
    prefillComputeEfficiency: c.profile.prefillComputeEfficiency,
    quantizedWeightEfficiency: setup.weightOnlyQuantized ? c.profile.quantizedWeightEfficiency : 1,
    efficiencyProfile: `${c.engine}/${c.target.hardwareClass}`,
    efficiencySource: c.profile.source,
    perStepOverheadMs: c.profile.perStepOverheadMs,
    perLayerOverheadMs: c.profile.perLayerOverheadMs,
    perSequenceOverheadMs: c.profile.perSequenceOverheadMs,
    collectiveLatencyUs: round(collectiveLatencyUs(setup), 1),
    usableMemoryFraction: c.profile.usableMemoryFraction,
    memoryBandwidthGBps: round(c.target.memoryBandwidthGBps, 1),
  };
}
