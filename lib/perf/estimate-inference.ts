/**
 * Inference estimates: pick the tensor-parallel degree (smallest that holds the sequences, or the
 * one that serves the most for `concurrency: "max"`), then memory, latency and throughput.
 */
import type {
  Engine,
  EstimateRequest,
  EstimateResponse,
  InferenceWorkload,
  Precision,
} from '../contract/schemas.js';
import { precisionSpec } from '../model/precisions.js';
import type { EfficiencyProfile } from './efficiency.js';
import { EstimateInputError } from './errors.js';
import {
  type Common,
  commonAssumptions,
  memorySummary,
  round,
  tensorParallelCandidates,
} from './estimate-common.js';
import { collectiveLatencyUs, peakFlopsFor, type ServingSetup } from './forward.js';
import { batchPerReplica, bottleneckOf, inferenceMemory, replicasOf, serve } from './inference.js';
import type { Target } from './target.js';

export /** Engines that read each weight format. GGUF is llama.cpp's; llama.cpp reads nothing else quantized. */
function checkPrecisionForEngine(precision: Precision, engine: Engine, target: Target): void {
  const spec = precisionSpec(precision);
  if (spec.gguf && engine !== 'llama.cpp' && engine !== 'vllm') {
    throw new EstimateInputError(
      '/precision',
      `${precision} is a GGUF format: run it with llama.cpp (or vllm)`,
    );
  }
  if (engine === 'llama.cpp' && !spec.gguf && !['fp32', 'fp16', 'bf16'].includes(precision)) {
    throw new EstimateInputError(
      '/precision',
      `llama.cpp uses GGUF formats (q8_0, q4_k_m, ...), not ${precision}`,
    );
  }
  if (engine === 'neuron' && (spec.gguf || precision === 'int4' || precision === 'nf4')) {
    throw new EstimateInputError(
      '/precision',
      `the Neuron SDK serves bf16, fp16, fp8 and int8 weights, not ${precision}`,
    );
  }
  if (target.kind === 'cpu' && precision === 'fp8') {
    throw new EstimateInputError(
      '/precision',
      'CPUs have no fp8 arithmetic: use int8, bf16 or a GGUF format',
    );
  }
}

function defaultKvPrecision(precision: Precision, profile: EfficiencyProfile): Precision {
  if (precision === 'fp8' && profile.fp8KvCache) return 'fp8';
  if (precision === 'fp32') return 'fp32';
  return precision === 'bf16' ? 'bf16' : 'fp16';
}

export function estimateInference(req: EstimateRequest, w: InferenceWorkload, c: Common): EstimateResponse {
  const { model, target, profile, precision } = c;
  const notes: string[] = [];
  const spec = precisionSpec(precision);
  const kvCachePrecision = req.kvCachePrecision ?? defaultKvPrecision(precision, profile);
  const pipeline = req.parallelism?.pipeline ?? 1;
  const shape = { inputTokens: w.inputTokens, outputTokens: w.outputTokens };
  if (model.maxContextTokens && w.inputTokens + w.outputTokens > model.maxContextTokens) {
    notes.push(
      `input + output (${w.inputTokens + w.outputTokens} tokens) exceeds the model's context of ${model.maxContextTokens} tokens`,
    );
  }

  const setupFor = (tensorParallel: number): ServingSetup => ({
    model,
    target,
    profile,
    weightBytesPerParameter: spec.bitsPerWeight / 8,
    kvBytesPerElement: precisionSpec(kvCachePrecision).bitsPerWeight / 8,
    weightOnlyQuantized: spec.compute === 'weight-only' || (spec.gguf && target.kind !== 'cpu'),
    peakFlops: peakFlopsFor(target, spec.compute),
    tensorParallel,
    pipelineParallel: pipeline,
  });

  const candidates = req.parallelism?.tensor
    ? [req.parallelism.tensor]
    : tensorParallelCandidates(model, target, pipeline);
  const wantsMax = w.concurrency === 'max';
  const requested = typeof w.concurrency === 'number' ? w.concurrency : 1;

  // Numeric concurrency: the smallest tensor-parallel degree that holds the weights and the KV of
  // the sequences, the rest of the devices as replicas. "max": the degree that serves the most.
  let best: { setup: ServingSetup; concurrency: number; fits: boolean } | undefined;
  let bestThroughput = -1;
  for (const tp of candidates) {
    const setup = setupFor(tp);
    const replicas = replicasOf(setup);
    const memory = inferenceMemory(setup, shape, 0);
    if (wantsMax) {
      const perReplica = Math.min(memory.maxSequencesPerReplica, profile.maxBatchSequences);
      if (perReplica < 1) continue;
      const throughput = serve(setup, shape, perReplica * replicas).outputTokensPerSecond;
      if (throughput > bestThroughput) {
        bestThroughput = throughput;
        best = { setup, concurrency: perReplica * replicas, fits: true };
      }
    } else {
      if (inferenceMemory(setup, shape, batchPerReplica(setup, requested)).perDeviceGiB <= memory.usableGiB) {
        best = { setup, concurrency: requested, fits: true };
        break;
      }
    }
  }
  const lastTp = candidates[candidates.length - 1] ?? 1;
  const chosen = best ?? { setup: setupFor(lastTp), concurrency: requested, fits: false };

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
    ...commonAssumptions(c, setup.peakFlops),
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
