/**
 * Training and fine-tuning (DESIGN §5): memory per device under ZeRO/FSDP sharding and activation
 * checkpointing, and time from FLOPs over sustained device throughput.
 */

import { inputEmbeddingParameters, loraParameters, type ResolvedModel } from '../model/architecture.js';
import { bytesToGiB, tflopsToFlops } from '../model/units.js';
import type { Target } from './target.js';
import {
  fineTuningMethodEfficiency,
  pretrainingRecomputation,
  type TrainingEfficiency,
} from './training-efficiency.js';
import type { FineTuningMethod } from './workloads.js';

export type TrainingMethod = 'pretraining' | FineTuningMethod;

export interface TrainingSetup {
  model: ResolvedModel;
  target: Target;
  method: TrainingMethod;
  /** Bytes per parameter of the weights as stored (16-bit in mixed precision; 4-bit base for QLoRA). */
  weightBytesPerParameter: number;
  /** Bytes per gradient and per optimizer-state parameter set (mixed-precision AdamW: 2 and 12). */
  gradientBytesPerParameter: number;
  optimizerBytesPerParameter: number;
  peakFlops: number;
  efficiency: TrainingEfficiency;
  tensorParallel: number;
  pipelineParallel: number;
  sequenceLength: number;
  microBatchSize: number;
  globalBatchTokens: number;
  loraRank: number;
  usableMemoryFraction: number;
}

export interface TrainingOptions {
  zeroStage: 0 | 1 | 2 | 3;
  activationCheckpointing: boolean;
}

export interface TrainingMemory {
  weightsGiB: number;
  gradientsGiB: number;
  optimizerStatesGiB: number;
  activationsGiB: number;
  overheadGiB: number;
  perDeviceGiB: number;
  usableGiB: number;
}

/** Activation bytes kept per token per layer in 16-bit with fused (flash) attention: Korthikanti et al. 2022. */
const ACTIVATION_BYTES_PER_TOKEN_PER_HIDDEN = 34;
/** With full recomputation only each layer's input is kept (2 bytes x hidden). */
const CHECKPOINT_BYTES_PER_TOKEN_PER_HIDDEN = 2;
/** CUDA context, allocator fragmentation, communication buffers. */
const TRAINING_RUNTIME_GIB = 1.5;

export const dataParallelOf = (s: TrainingSetup): number =>
  Math.max(1, Math.floor(s.target.devices / (s.tensorParallel * s.pipelineParallel)));

export const isParameterEfficient = (method: TrainingMethod): boolean =>
  method === 'lora' || method === 'qlora';

export function adapterParameters(s: TrainingSetup): number {
  return isParameterEfficient(s.method) ? loraParameters(s.model, s.loraRank) : 0;
}

export function trainingMemory(s: TrainingSetup, o: TrainingOptions): TrainingMemory {
  const { model } = s;
  const shards = s.tensorParallel * s.pipelineParallel;
  const dp = dataParallelOf(s);
  // ZeRO stage k shards the states of stages 1..k over the data-parallel ranks. (Plain
  // arithmetic: the planner calls this hundreds of thousands of times for the largest requests.)
  const weightShards = shards * (o.zeroStage >= 3 ? dp : 1);
  const gradientShards = shards * (o.zeroStage >= 2 ? dp : 1);
  const optimizerShards = shards * (o.zeroStage >= 1 ? dp : 1);

  let weights: number;
  let gradients: number;
  let optimizer: number;
  if (isParameterEfficient(s.method)) {
    // A frozen base, plus adapters trained in 16-bit with fp32 AdamW states.
    const adapters = adapterParameters(s);
    weights = (model.parameters * s.weightBytesPerParameter + adapters * 2) / weightShards;
    gradients = (adapters * s.gradientBytesPerParameter) / gradientShards;
    optimizer = (adapters * s.optimizerBytesPerParameter) / optimizerShards;
  } else {
    weights = (model.parameters * s.weightBytesPerParameter) / weightShards;
    gradients = (model.parameters * s.gradientBytesPerParameter) / gradientShards;
    optimizer = (model.parameters * s.optimizerBytesPerParameter) / optimizerShards;
  }

  const microTokens = s.microBatchSize * s.sequenceLength;
  const layersHere = model.layers / s.pipelineParallel;
  const h = model.hiddenSize;
  const perLayer = o.activationCheckpointing
    ? CHECKPOINT_BYTES_PER_TOKEN_PER_HIDDEN
    : ACTIVATION_BYTES_PER_TOKEN_PER_HIDDEN;
  let activations = (microTokens * layersHere * perLayer * h) / s.tensorParallel;
  // Recomputing a layer holds that layer's full activations for its backward pass.
  if (o.activationCheckpointing)
    activations += (microTokens * ACTIVATION_BYTES_PER_TOKEN_PER_HIDDEN * h) / s.tensorParallel;
  // Logits and their gradient in fp32 on the last stage.
  activations += (microTokens * (model.vocabSize ?? 32_000) * 4 * 2) / s.tensorParallel;

  const weightsGiB = bytesToGiB(weights);
  const gradientsGiB = bytesToGiB(gradients);
  const optimizerStatesGiB = bytesToGiB(optimizer);
  const activationsGiB = bytesToGiB(activations);
  const overheadGiB = s.target.kind === 'cpu' ? 0.5 : TRAINING_RUNTIME_GIB;
  return {
    weightsGiB,
    gradientsGiB,
    optimizerStatesGiB,
    activationsGiB,
    overheadGiB,
    perDeviceGiB: weightsGiB + gradientsGiB + optimizerStatesGiB + activationsGiB + overheadGiB,
    usableGiB: s.target.memoryPerDeviceGiB * s.usableMemoryFraction,
  };
}

/**
 * The lowest ZeRO stage that fits (sharding adds communication), or the highest if none does.
 * Activation checkpointing is decided by the caller.
 */
export function chooseTrainingOptions(
  s: TrainingSetup,
  requested: { zeroStage?: TrainingOptions['zeroStage']; activationCheckpointing: boolean },
): { options: TrainingOptions; memory: TrainingMemory; fits: boolean } {
  const dp = dataParallelOf(s);
  const stages: TrainingOptions['zeroStage'][] =
    requested.zeroStage !== undefined ? [requested.zeroStage] : dp > 1 ? [0, 1, 2, 3] : [0];
  let last: { options: TrainingOptions; memory: TrainingMemory } | undefined;
  for (const zeroStage of stages) {
    const options = { zeroStage, activationCheckpointing: requested.activationCheckpointing };
    const memory = trainingMemory(s, options);
    if (memory.perDeviceGiB <= memory.usableGiB) return { options, memory, fits: true };
    last = { options, memory };
  }
  if (!last) throw new Error('no training options to try');
  return { ...last, fits: false };
}

export interface TrainingThroughput {
  tokensPerSecond: number;
  hours: number;
  deviceHours: number;
  modelFlopsUtilization: number;
  hardwareFlopsPerToken: number;
  utilization: number;
  pipelineBubble: number;
}

/**
 * Tokens per second over all devices. Hardware FLOPs per token: 6·N (8·N with recomputation) for
 * full training; 4·N for a frozen base (no weight gradients) plus 6 per adapter parameter; plus
 * causal attention. N counts the weights a token is multiplied through: not an untied input
 * embedding, which is looked up (a 66M-parameter DistilBERT multiplies through 43M). Model FLOPs
 * utilization counts 6·N (or 4·N + 6·adapters) over all active parameters, as published MFU does.
 *
 * Two refinements, from published runs (training-efficiency.ts):
 * - Mixture of experts: the routed experts' share of the FLOPs runs at the grouped-GEMM efficiency
 *   of their width (width / (width + half width)); dispatch, permutation and the all-to-all cost the
 *   same per routed token however narrow the expert, so narrow experts (Qwen3-30B-A3B: 768) train at
 *   a fraction of dense MFU.
 * - Pretraining with full activation recomputation keeps its model-FLOPs utilization: frameworks
 *   spend the activation memory it frees on larger micro-batches, whose better matmul efficiency and
 *   fewer micro-batch overheads pay for the extra forward pass. Fine-tuning runs at the micro-batch
 *   asked for, so there the recomputed forward pass costs its FLOPs.
 */
export function trainingThroughput(s: TrainingSetup, o: TrainingOptions, tokens: number): TrainingThroughput {
  const { model } = s;
  const n = model.activeParameters;
  // The input embedding is a lookup, not a matmul (a tied one is also the output head, and counts).
  const matmul = n - inputEmbeddingParameters(model);
  const attentionPerToken = 2 * s.sequenceLength * model.attentionHeads * model.headDim * model.layers;
  const recompute = o.activationCheckpointing;
  const peft = isParameterEfficient(s.method);
  // Matmul passes over each weight: forward, input gradient, weight gradient (no weight gradient
  // for a frozen base); recomputation adds a forward pass.
  const passes = (peft ? 2 : 3) + (recompute ? 1 : 0);
  const freeRecompute =
    recompute && s.method === 'pretraining' && pretrainingRecomputation.keepsModelFlopsUtilization;
  const timedPasses = freeRecompute ? passes - 1 : passes;
  const adapterFlops = peft ? 6 * adapterParameters(s) : 0;
  const modelFlopsPerToken = (peft ? 4 : 6) * n + adapterFlops;
  const hardwareFlopsPerToken = passes * (2 * matmul + attentionPerToken) + adapterFlops;

  const methodFactor = s.method === 'pretraining' ? 1 : fineTuningMethodEfficiency[s.method].factor;
  const utilization = s.efficiency.hardwareFlopsUtilization * methodFactor;
  const activeExpert =
    model.experts && model.expertsPerToken && model.expertParameters > 0
      ? (model.expertParameters * model.expertsPerToken) / model.experts
      : 0;
  // The routing work per token is fixed; faster arithmetic (FP8) makes it a larger share.
  const halfWidth =
    (s.efficiency.expertGemmHalfWidth * s.peakFlops) / tflopsToFlops(s.target.peakTflops.bf16);
  const expertGemm = model.intermediateSize / (model.intermediateSize + halfWidth);
  const rate = s.peakFlops * utilization;
  const secondsPerToken =
    (timedPasses * (2 * (matmul - activeExpert) + attentionPerToken) + adapterFlops) / rate +
    (timedPasses * 2 * activeExpert) / (rate * expertGemm);

  const dp = dataParallelOf(s);
  const microBatches = Math.max(1, s.globalBatchTokens / (dp * s.microBatchSize * s.sequenceLength));
  const pipelineBubble = (s.pipelineParallel - 1) / (microBatches + s.pipelineParallel - 1);

  const devices = s.target.devices;
  const tokensPerSecond = (devices * (1 - pipelineBubble)) / secondsPerToken;
  const hours = tokens / tokensPerSecond / 3600;
  return {
    tokensPerSecond,
    hours,
    deviceHours: hours * devices,
    modelFlopsUtilization: (modelFlopsPerToken * tokensPerSecond) / (devices * s.peakFlops),
    hardwareFlopsPerToken,
    utilization: (hardwareFlopsPerToken * tokensPerSecond) / (devices * s.peakFlops * (1 - pipelineBubble)),
    pipelineBubble,
  };
}
