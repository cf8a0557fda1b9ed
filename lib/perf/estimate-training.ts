/**
 * Training and fine-tuning estimates: the parallel layout and memory-saving options a practitioner
 * would pick, then memory per device and time.
 */
import type {
  EstimateRequest,
  EstimateResponse,
  FineTuningWorkload,
  TrainingWorkload,
} from '../contract/schemas.js';
import type { Precision } from '../model/precisions.js';
import { precisionSpec } from '../model/precisions.js';
import { EstimateInputError } from './errors.js';
import {
  type Common,
  memorySummary,
  round,
  roundSignificant,
  tensorParallelCandidates,
} from './estimate-common.js';
import { peakFlopsFor } from './forward.js';
import {
  chooseTrainingOptions,
  type TrainingMethod,
  type TrainingSetup,
  trainingThroughput,
} from './training.js';
import {
  CLUSTER_NETWORK_GBPS,
  findTrainingEfficiency,
  inferenceOnlyAccelerators,
} from './training-efficiency.js';

const TRAINING_PRECISIONS: readonly Precision[] = ['fp32', 'bf16', 'fp16', 'fp8'];

export function estimateTraining(
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
  // The efficiency tables come from clusters whose fabric hides gradient traffic behind compute.
  const instance = target.instance;
  if (instance && target.devices > target.devicesPerNode && instance.networkGbps < CLUSTER_NETWORK_GBPS) {
    notes.push(
      `data-parallel training across instances over ${instance.networkGbps} Gb/s: gradient traffic is not hidden on a network this slow (EFA-class is ${CLUSTER_NETWORK_GBPS} Gb/s and up), so expect it to be slower than estimated`,
    );
  }

  return {
    fits,
    memory: memorySummary(target, memory.perDeviceGiB, {
      weights: memory.weightsGiB,
      kvCache: 0,
      activations: memory.activationsGiB,
      gradients: memory.gradientsGiB,
      optimizerStates: memory.optimizerStatesGiB,
      overhead: memory.overheadGiB,
    }),
    training: {
      tokensPerSecond: round(throughput.tokensPerSecond),
      hours: roundSignificant(throughput.hours),
      deviceHours: roundSignificant(throughput.deviceHours),
      modelFlopsUtilization: round(throughput.modelFlopsUtilization, 4),
    },
    assumptions: {
      engine: c.engine,
      precision: c.precision,
      peakTflops: round(setup.peakFlops / 1e12, 1),
      hardware: c.target.label,
      model: c.model.name,
      parameters: c.model.parameters,
      activeParameters: c.model.activeParameters,
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
    },
    notes,
  };
}
