/**
 * What an estimate finds, unrounded: memory per device, latency and throughput (inference) or time
 * (training), every assumption it used, and its notes as data. lib/contract rounds and words it
 * for the v1 response.
 */
import type { Engine } from '../hardware/engines.js';
import type { Precision } from '../model/precisions.js';
import type { EstimateNote } from './notes.js';
import type { Uncertainty } from './uncertainty.js';
import type { Bottleneck } from './workloads.js';

export interface MemoryBreakdown {
  weights: number;
  kvCache: number;
  activations: number;
  gradients: number;
  optimizerStates: number;
  overhead: number;
}

export interface MemoryUse {
  perDeviceGiB: number;
  capacityPerDeviceGiB: number;
  devices: number;
  /** Per device, GiB. */
  breakdownGiB: MemoryBreakdown;
}

export interface InferencePerformance {
  timeToFirstTokenMs: number;
  timePerOutputTokenMs: number;
  requestLatencyMs: number;
  /** One sequence's generation speed: 1000 / timePerOutputTokenMs. */
  decodeTokensPerSecond: number;
  /** All concurrent sequences together, prefill time included. */
  outputTokensPerSecond: number;
  concurrency: number;
  maxConcurrency: number;
  bottleneck: Bottleneck;
}

export interface TrainingPerformance {
  /** All devices together. */
  tokensPerSecond: number;
  hours: number;
  deviceHours: number;
  modelFlopsUtilization: number;
}

/** What every estimate echoes: the engine, precision, layout and efficiencies it used. */
interface CommonAssumptions {
  engine: Engine;
  precision: Precision;
  /** Dense peak per device for the precision used, TFLOP/s. */
  peakTflops: number;
  hardware: string;
  model: string;
  parameters: number;
  activeParameters: number;
  kvCachePrecision: Precision;
  tensorParallel: number;
  pipelineParallel: number;
  /** Replicas (inference) or data-parallel ranks (training). */
  dataParallel: number;
  memoryBandwidthEfficiency: number;
  computeEfficiency: number;
  efficiencyProfile: string;
  efficiencySource: string;
  perStepOverheadMs: number;
  usableMemoryFraction: number;
}

export interface InferenceAssumptions extends CommonAssumptions {
  prefillComputeEfficiency: number;
  quantizedWeightEfficiency: number;
  perLayerOverheadMs: number;
  perSequenceOverheadMs: number;
  collectiveLatencyUs: number;
  memoryBandwidthGBps: number;
}

export interface TrainingAssumptions extends CommonAssumptions {
  zeroStage: number;
  activationCheckpointing: boolean;
  sequenceLength: number;
  microBatchSize: number;
  /** LoRA and QLoRA only. */
  loraRank?: number;
}

export interface InferenceEstimate {
  kind: 'inference';
  fits: boolean;
  memory: MemoryUse;
  /** Absent when the model does not fit. */
  inference?: InferencePerformance;
  assumptions: InferenceAssumptions;
  notes: EstimateNote[];
  /** How far to trust it: its calibration family (see uncertainty.ts). */
  uncertainty?: Uncertainty;
}

export interface TrainingEstimate {
  kind: 'training';
  fits: boolean;
  memory: MemoryUse;
  training: TrainingPerformance;
  assumptions: TrainingAssumptions;
  notes: EstimateNote[];
  /** How far to trust it: its calibration family (see uncertainty.ts). */
  uncertainty?: Uncertainty;
}

export type Estimate = InferenceEstimate | TrainingEstimate;
