/**
 * `POST /v1/estimates`: one workload on given hardware, from the model's shapes, the hardware's
 * specs and the engine's efficiency profile. Pure: no I/O; instance specs come in through `deps`.
 */
import type {
  Engine,
  EstimateRequest,
  EstimateResponse,
  FineTuningWorkload,
  InferenceWorkload,
  ModelRef,
  Precision,
  TrainingWorkload,
} from '../contract/schemas.js';
import { type ResolvedModel, resolveModel } from '../model/architecture.js';
import { precisionSpec } from '../model/precisions.js';
import { findModelPreset } from '../model/presets.js';
import { defaultEngine, type EfficiencyProfile, findEfficiencyProfile } from './efficiency.js';
import { EstimateInputError } from './errors.js';
import { collectiveLatencyUs, peakFlopsFor, type ServingSetup } from './forward.js';
import { batchPerReplica, bottleneckOf, inferenceMemory, replicasOf, serve } from './inference.js';
import { type FindInstanceSpec, resolveTarget, type Target } from './target.js';
import {
  chooseTrainingOptions,
  type TrainingMethod,
  type TrainingSetup,
  trainingThroughput,
} from './training.js';
import { findTrainingEfficiency, inferenceOnlyAccelerators } from './training-efficiency.js';

export interface EstimatorDeps {
  findInstanceSpec: FindInstanceSpec;
}

const round = (x: number, digits = 3) => {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A preset id or an inline architecture, resolved; unknown preset ids are input errors. */
export function resolveModelRef(ref: ModelRef): ResolvedModel {
  if (typeof ref === 'string') {
    const preset = findModelPreset(ref);
    if (!preset)
      throw new EstimateInputError('/model', `unknown model "${ref}": see GET /v1/models for presets`);
    return resolveModel(preset.architecture, preset.id);
  }
  return resolveModel(ref);
}

/** Engines that read each weight format. GGUF is llama.cpp's; llama.cpp reads nothing else quantized. */
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

/** Powers of two (and the device count itself) that divide the devices and the attention heads. */
function tensorParallelCandidates(model: ResolvedModel, target: Target, pipeline: number): number[] {
  if (target.kind === 'cpu') return [1];
  const perReplica = Math.floor(target.devices / pipeline);
  const out: number[] = [];
  for (let t = 1; t <= perReplica; t *= 2)
    if (perReplica % t === 0 && model.attentionHeads % t === 0) out.push(t);
  return out.length ? out : [1];
}

function checkParallelism(req: EstimateRequest, model: ResolvedModel, target: Target): void {
  const p = req.parallelism ?? {};
  const tensor = p.tensor ?? 1;
  const pipeline = p.pipeline ?? 1;
  if (target.kind === 'cpu' && (tensor > 1 || pipeline > 1)) {
    throw new EstimateInputError(
      '/parallelism',
      'tensor and pipeline parallelism across CPU instances are not modelled',
    );
  }
  if (tensor * pipeline > target.devices) {
    throw new EstimateInputError(
      p.tensor ? '/parallelism/tensor' : '/parallelism/pipeline',
      `tensor x pipeline = ${tensor * pipeline} exceeds the ${target.devices} devices of ${target.label}`,
    );
  }
  if (target.devices % (tensor * pipeline) !== 0) {
    throw new EstimateInputError(
      '/parallelism',
      `tensor x pipeline must divide the ${target.devices} devices`,
    );
  }
  if (model.attentionHeads % tensor !== 0) {
    throw new EstimateInputError(
      '/parallelism/tensor',
      `tensor parallel degree must divide ${model.attentionHeads} attention heads`,
    );
  }
  if (pipeline > model.layers) {
    throw new EstimateInputError(
      '/parallelism/pipeline',
      `pipeline degree exceeds the ${model.layers} layers`,
    );
  }
  if (p.data !== undefined && p.data * tensor * pipeline > target.devices) {
    throw new EstimateInputError('/parallelism/data', 'data x tensor x pipeline exceeds the devices');
  }
}

interface Common {
  model: ResolvedModel;
  target: Target;
  engine: Engine;
  profile: EfficiencyProfile;
  precision: Precision;
}

export function estimate(req: EstimateRequest, deps: EstimatorDeps): EstimateResponse {
  const model = resolveModelRef(req.model);
  const target = resolveTarget(req.hardware, deps.findInstanceSpec);
  const engine = req.engine ?? defaultEngine(target.hardwareClass);
  const profile = findEfficiencyProfile(engine, target.hardwareClass);
  if (!profile) {
    throw new EstimateInputError(
      '/engine',
      `${engine} does not run on ${target.label} (${target.hardwareClass})`,
    );
  }
  const isQlora = req.workload.kind === 'fine-tuning' && req.workload.method === 'qlora';
  const precision = req.precision ?? (isQlora ? 'nf4' : 'bf16');
  checkParallelism(req, model, target);
  const common: Common = { model, target, engine, profile, precision };
  if (req.workload.kind === 'inference') {
    checkPrecisionForEngine(precision, engine, target);
    return estimateInference(req, req.workload, common);
  }
  return estimateTraining(req, req.workload, common);
}

function estimateInference(req: EstimateRequest, w: InferenceWorkload, c: Common): EstimateResponse {
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
    memory: {
      perDeviceGiB: round(memory.perDeviceGiB),
      capacityPerDeviceGiB: round(target.memoryPerDeviceGiB),
      devices: target.devices,
      breakdownGiB: {
        weights: round(memory.weightsGiB),
        kvCache: round(memory.kvCacheGiB),
        activations: round(memory.activationsGiB),
        gradients: 0,
        optimizerStates: 0,
        overhead: round(memory.overheadGiB),
      },
    },
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
    engine: c.engine,
    precision: c.precision,
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
    peakTflops: round(setup.peakFlops / 1e12, 1),
    hardware: c.target.label,
    model: c.model.name,
    parameters: c.model.parameters,
    activeParameters: c.model.activeParameters,
  };
}

const TRAINING_PRECISIONS: readonly Precision[] = ['fp32', 'bf16', 'fp16', 'fp8'];

function estimateTraining(
  req: EstimateRequest,
  w: TrainingWorkload | FineTuningWorkload,
  c: Common,
): EstimateResponse {
  const { model, target, precision } = c;
  const method: TrainingMethod = w.kind === 'training' ? 'pretraining' : w.method;
  const notes: string[] = [];
  if (target.accelerator && inferenceOnlyAccelerators.includes(target.accelerator.id)) {
    throw new EstimateInputError(
      '/hardware',
      `${target.accelerator.name} is an inference accelerator: it cannot train`,
    );
  }
  const spec = precisionSpec(precision);
  if (method === 'qlora' && spec.bitsPerWeight > 5) {
    throw new EstimateInputError(
      '/precision',
      `QLoRA keeps the base model in 4 bits (nf4 or int4), not ${precision}`,
    );
  }
  if ((method === 'pretraining' || method === 'full') && !TRAINING_PRECISIONS.includes(precision)) {
    throw new EstimateInputError(
      '/precision',
      `full training needs fp32, bf16, fp16 or fp8, not ${precision}`,
    );
  }
  if (method === 'lora' && spec.gguf) {
    throw new EstimateInputError(
      '/precision',
      'LoRA trains over bf16, fp16, fp8 or int8 base weights, not GGUF',
    );
  }
  const efficiency = findTrainingEfficiency(target.accelerator?.id, target.hardwareClass);
  if (!efficiency) throw new EstimateInputError('/hardware', `no training efficiency for ${target.label}`);

  const defaultSequence = w.kind === 'training' ? 4096 : 2048;
  const sequenceLength =
    w.sequenceLength ?? Math.min(defaultSequence, model.maxContextTokens ?? defaultSequence);
  const fullPrecision = precision === 'fp32';
  // Mixed precision keeps 16-bit weights and gradients and fp32 master weights + Adam moments
  // (2 + 2 + 12 bytes); pure fp32 keeps 4 + 4 + 8. FP8 training (Transformer Engine) keeps the same
  // states as bf16 and only runs the matmuls in FP8.
  const weightBytes =
    method === 'qlora' || method === 'lora' ? spec.bitsPerWeight / 8 : fullPrecision ? 4 : 2;
  const computeFormat =
    precision === 'fp8' && target.peakTflops.fp8 ? 'fp8' : fullPrecision ? 'fp32' : 'fp16';
  let setup: TrainingSetup = {
    model,
    target,
    method,
    weightBytesPerParameter: weightBytes,
    gradientBytesPerParameter: fullPrecision ? 4 : 2,
    optimizerBytesPerParameter: fullPrecision ? 8 : 12,
    peakFlops: peakFlopsFor(target, computeFormat),
    efficiency,
    tensorParallel: req.parallelism?.tensor ?? 1,
    pipelineParallel: req.parallelism?.pipeline ?? 1,
    sequenceLength,
    microBatchSize: w.kind === 'fine-tuning' ? (w.microBatchSize ?? 1) : 1,
    globalBatchTokens: w.kind === 'training' ? (w.globalBatchTokens ?? 4_194_304) : 65_536,
    loraRank: w.kind === 'fine-tuning' ? (w.loraRank ?? 16) : 16,
    usableMemoryFraction: target.kind === 'cpu' ? 0.9 : 0.95,
  };
  const requested = {
    zeroStage: w.kind === 'training' ? w.zeroStage : undefined,
    activationCheckpointing:
      w.kind === 'training' ? w.activationCheckpointing : method === 'qlora' ? true : undefined,
  };
  // Defaults a practitioner would pick: tensor parallelism within a node before recomputing
  // activations (recomputation costs a third more FLOPs), the lowest ZeRO stage that fits.
  const tensorOptions = req.parallelism?.tensor
    ? [req.parallelism.tensor]
    : tensorParallelCandidates(
        model,
        { ...target, devices: Math.min(target.devices, target.devicesPerNode) },
        1,
      );
  const checkpointOptions =
    requested.activationCheckpointing !== undefined ? [requested.activationCheckpointing] : [false, true];
  let picked: { setup: TrainingSetup; choice: ReturnType<typeof chooseTrainingOptions> } | undefined;
  search: for (const activationCheckpointing of checkpointOptions) {
    for (const tensorParallel of tensorOptions) {
      if (target.devices % (tensorParallel * setup.pipelineParallel) !== 0) continue;
      const candidate = { ...setup, tensorParallel };
      const choice = chooseTrainingOptions(candidate, {
        zeroStage: requested.zeroStage,
        activationCheckpointing,
      });
      picked = { setup: candidate, choice };
      if (choice.fits) break search;
    }
  }
  if (!picked) throw new EstimateInputError('/parallelism', 'no parallel layout divides the devices');
  setup = picked.setup;
  const { options, memory, fits } = picked.choice;
  const throughput = trainingThroughput(setup, options, w.tokens);

  if (!fits) {
    notes.push(
      `does not fit: needs ${round(memory.perDeviceGiB, 1)} GiB per device, ${round(memory.usableGiB, 1)} GiB usable ` +
        `(${round(memory.perDeviceGiB - memory.usableGiB, 1)} GiB short) even with ZeRO stage ${options.zeroStage}` +
        `${options.activationCheckpointing ? ' and activation checkpointing' : ''}`,
    );
  }
  if (throughput.pipelineBubble > 0.05) {
    notes.push(`pipeline bubble: ${round(throughput.pipelineBubble * 100, 1)}% of step time idle`);
  }

  return {
    fits,
    memory: {
      perDeviceGiB: round(memory.perDeviceGiB),
      capacityPerDeviceGiB: round(target.memoryPerDeviceGiB),
      devices: target.devices,
      breakdownGiB: {
        weights: round(memory.weightsGiB),
        kvCache: 0,
        activations: round(memory.activationsGiB),
        gradients: round(memory.gradientsGiB),
        optimizerStates: round(memory.optimizerStatesGiB),
        overhead: round(memory.overheadGiB),
      },
    },
    training: {
      tokensPerSecond: round(throughput.tokensPerSecond),
      hours: round(throughput.hours, 4),
      deviceHours: round(throughput.deviceHours, 3),
      modelFlopsUtilization: round(throughput.modelFlopsUtilization, 4),
    },
    assumptions: {
      engine: c.engine,
      precision,
      kvCachePrecision: precision,
      tensorParallel: setup.tensorParallel,
      pipelineParallel: setup.pipelineParallel,
      dataParallel: Math.max(1, Math.floor(target.devices / (setup.tensorParallel * setup.pipelineParallel))),
      memoryBandwidthEfficiency: c.profile.memoryBandwidthEfficiency,
      computeEfficiency: round(throughput.utilization, 4),
      efficiencyProfile: `training/${target.accelerator?.id ?? target.hardwareClass}`,
      efficiencySource: efficiency.source,
      perStepOverheadMs: 0,
      usableMemoryFraction: setup.usableMemoryFraction,
      zeroStage: options.zeroStage,
      activationCheckpointing: options.activationCheckpointing,
      sequenceLength,
      microBatchSize: setup.microBatchSize,
      loraRank: method === 'lora' || method === 'qlora' ? setup.loraRank : undefined,
      peakTflops: round(setup.peakFlops / 1e12, 1),
      hardware: target.label,
      model: model.name,
      parameters: model.parameters,
      activeParameters: model.activeParameters,
    },
    notes,
  };
}
