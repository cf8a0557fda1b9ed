/**
 * Training and fine-tuning estimates: the parallel layout and memory-saving options a practitioner
 * would pick, then memory per device and time.
 */
import { type Precision, precisionSpec } from '../model/precisions.js';
import { UnsupportedEstimateError } from './errors.js';
import { type Common, memoryUse, tensorParallelCandidates } from './estimate-common.js';
import { peakFlopsFor } from './forward.js';
import type { EstimateNote } from './notes.js';
import type { TrainingEstimate } from './result.js';
import {
  chooseTrainingOptions,
  type TrainingMethod,
  type TrainingSetup,
  trainingThroughput,
} from './training.js';
import {
  CLUSTER_NETWORK_GBPS,
  type CpuTrainingHardware,
  findTrainingEfficiency,
  inferenceOnlyAccelerators,
} from './training-efficiency.js';
import type { FineTuningWork, Parallelism, TrainingWork } from './workloads.js';

const TRAINING_PRECISIONS: readonly Precision[] = ['fp32', 'bf16', 'fp16', 'fp8'];

const reject = (rejection: ConstructorParameters<typeof UnsupportedEstimateError>[0]): never => {
  throw new UnsupportedEstimateError(rejection);
};

export function estimateTraining(
  parallelism: Parallelism | undefined,
  w: TrainingWork | FineTuningWork,
  c: Common,
): TrainingEstimate {
  const { model, target, precision } = c;
  const method: TrainingMethod = w.kind === 'training' ? 'pretraining' : w.method;
  const notes: EstimateNote[] = [];
  if (target.accelerator && inferenceOnlyAccelerators.includes(target.accelerator.id)) {
    reject({ code: 'inference-only-accelerator', field: 'hardware', accelerator: target.accelerator.name });
  }
  const spec = precisionSpec(precision);
  if (method === 'qlora' && spec.bitsPerWeight > 5) {
    reject({ code: 'qlora-needs-4-bit', field: 'precision', precision });
  }
  if ((method === 'pretraining' || method === 'full') && !TRAINING_PRECISIONS.includes(precision)) {
    reject({ code: 'full-training-precision', field: 'precision', precision });
  }
  if (method === 'lora' && spec.gguf) reject({ code: 'lora-over-gguf', field: 'precision' });
  const cpu: CpuTrainingHardware | undefined =
    target.cpu && target.instance
      ? { cpu: target.cpu, vcpus: target.instance.vcpus, format: precision === 'fp32' ? 'fp32' : 'bf16' }
      : undefined;
  const efficiency = findTrainingEfficiency(target.accelerator?.id, target.hardwareClass, cpu);
  if (!efficiency) {
    return reject({ code: 'no-training-efficiency', field: 'hardware', hardware: target.label });
  }

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
    tensorParallel: parallelism?.tensor ?? 1,
    pipelineParallel: parallelism?.pipeline ?? 1,
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
  const tensorOptions = parallelism?.tensor
    ? [parallelism.tensor]
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
  if (!picked) return reject({ code: 'no-parallel-layout', field: 'parallelism' });
  setup = picked.setup;
  const { options, memory, fits } = picked.choice;
  const throughput = trainingThroughput(setup, options, w.tokens);

  if (!fits) {
    notes.push({
      code: 'training-does-not-fit',
      perDeviceGiB: memory.perDeviceGiB,
      usableGiB: memory.usableGiB,
      zeroStage: options.zeroStage,
      activationCheckpointing: options.activationCheckpointing,
    });
  }
  if (throughput.pipelineBubble > 0.05) {
    notes.push({ code: 'pipeline-bubble', idleFraction: throughput.pipelineBubble });
  }
  // The efficiency tables come from clusters whose fabric hides gradient traffic behind compute.
  const instance = target.instance;
  if (instance && target.devices > target.devicesPerNode && instance.networkGbps < CLUSTER_NETWORK_GBPS) {
    notes.push({
      code: 'slow-training-network',
      networkGbps: instance.networkGbps,
      clusterNetworkGbps: CLUSTER_NETWORK_GBPS,
    });
  }

  return {
    kind: 'training',
    fits,
    memory: memoryUse(target, memory.perDeviceGiB, {
      weights: memory.weightsGiB,
      kvCache: 0,
      activations: memory.activationsGiB,
      gradients: memory.gradientsGiB,
      optimizerStates: memory.optimizerStatesGiB,
      overhead: memory.overheadGiB,
    }),
    training: {
      tokensPerSecond: throughput.tokensPerSecond,
      hours: throughput.hours,
      deviceHours: throughput.deviceHours,
      modelFlopsUtilization: throughput.modelFlopsUtilization,
    },
    assumptions: {
      engine: c.engine,
      precision: c.precision,
      peakTflops: setup.peakFlops / 1e12,
      hardware: c.target.label,
      model: c.model.name,
      parameters: c.model.parameters,
      activeParameters: c.model.activeParameters,
      kvCachePrecision: precision,
      tensorParallel: setup.tensorParallel,
      pipelineParallel: setup.pipelineParallel,
      dataParallel: Math.max(1, Math.floor(target.devices / (setup.tensorParallel * setup.pipelineParallel))),
      memoryBandwidthEfficiency: c.profile.memoryBandwidthEfficiency,
      computeEfficiency: throughput.utilization,
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
