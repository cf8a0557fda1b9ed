/**
 * `POST /v1/estimates` at the edge: the v1 request becomes domain values (a resolved model, a
 * target), the domain's estimate becomes the v1 response (rounded, notes worded). Errors the
 * domain raises as data become `InputError`s with the JSON Pointer of the field at fault.
 */
import { findAccelerator } from '../hardware/accelerators.js';
import type { InstanceSpec } from '../hardware/instances.js';
import { resolveOwned } from '../hardware/owned.js';
import { type ResolvedModel, resolveModel } from '../model/architecture.js';
import { findModelPreset } from '../model/presets.js';
import {
  type Estimate,
  type EstimateInput,
  estimate,
  type InferenceEstimate,
  type MemoryUse,
  type Target,
  type TrainingEstimate,
  targetOfAccelerators,
  targetOfInstance,
  targetOfOwned,
  type Uncertainty,
  UnsupportedEstimateError,
} from '../perf/index.js';
import { InputError } from './errors.js';
import type { EstimateRequest, EstimateResponse, Hardware, ModelRef } from './schemas.js';
import { noteText, rejectionPointer, rejectionText, round, roundSignificant } from './words.js';

export type FindInstanceSpec = (instanceType: string) => InstanceSpec | undefined;

export interface EstimatorDeps {
  findInstanceSpec: FindInstanceSpec;
}

/** A preset id or an inline architecture, resolved; unknown preset ids are input errors. */
export function resolveModelRef(ref: ModelRef): ResolvedModel {
  // Resolved once per preset, and once per inline architecture object (the planner asks thousands of times).
  const cached = typeof ref === 'string' ? resolvedPresets.get(ref) : resolvedInline.get(ref);
  if (cached) return cached;
  if (typeof ref === 'string') {
    const preset = findModelPreset(ref);
    if (!preset) throw new InputError('/model', `unknown model "${ref}": see GET /v1/models for presets`);
    const model = resolveModel(preset.architecture, preset.id);
    resolvedPresets.set(ref, model);
    return model;
  }
  const model = resolveModel(ref);
  resolvedInline.set(ref, model);
  return model;
}

const resolvedPresets = new Map<string, ResolvedModel>();
const resolvedInline = new WeakMap<object, ResolvedModel>();

/** Resolve a request's `hardware` to per-device figures; unknown ids are input errors. */
export function resolveHardware(hardware: Hardware, findInstanceSpec: FindInstanceSpec): Target {
  if ('accelerator' in hardware) {
    const spec = findAccelerator(hardware.accelerator);
    if (!spec) throw new InputError('/hardware/accelerator', `unknown accelerator "${hardware.accelerator}"`);
    // Hardware people own (a GeForce card, a Mac) is resolved as an owned machine: its memory
    // size picks the chip's bin and the GPU's share of unified memory.
    if (spec.ownedOnly || hardware.memoryGiB !== undefined) {
      const resolved = resolveOwned(hardware, '/hardware');
      if (!resolved.ok) {
        const [first, ...rest] = resolved.problems;
        throw first ? InputError.of([first, ...rest]) : new InputError('/hardware', 'invalid hardware');
      }
      const d = resolved.device;
      return targetOfOwned(d.spec, d.count, d.memoryPerDeviceGiB, d.label);
    }
    return targetOfAccelerators(spec, hardware.count);
  }
  const instance = findInstanceSpec(hardware.instanceType);
  if (!instance) {
    throw new InputError('/hardware/instanceType', `unknown instance type "${hardware.instanceType}"`);
  }
  return withInputErrors(() => targetOfInstance(instance, hardware.count ?? 1));
}

/** Run domain code, turning its rejections into input errors with the field's pointer. */
export function withInputErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof UnsupportedEstimateError) {
      throw new InputError(rejectionPointer(error.rejection), rejectionText(error.rejection));
    }
    throw error;
  }
}

/** The domain input of a v1 estimate request. */
export function toEstimateInput(req: EstimateRequest, deps: EstimatorDeps): EstimateInput {
  return {
    model: resolveModelRef(req.model),
    target: resolveHardware(req.hardware, deps.findInstanceSpec),
    engine: req.engine,
    precision: req.precision,
    kvCachePrecision: req.kvCachePrecision,
    parallelism: req.parallelism,
    workload: req.workload,
  };
}

function memoryBlock(m: MemoryUse): EstimateResponse['memory'] {
  const b = m.breakdownGiB;
  return {
    perDeviceGiB: round(m.perDeviceGiB),
    capacityPerDeviceGiB: round(m.capacityPerDeviceGiB),
    devices: m.devices,
    breakdownGiB: {
      weights: round(b.weights),
      kvCache: round(b.kvCache),
      activations: round(b.activations),
      gradients: round(b.gradients),
      optimizerStates: round(b.optimizerStates),
      overhead: round(b.overhead),
    },
  };
}

function inferenceResponse(e: InferenceEstimate): EstimateResponse {
  const a = e.assumptions;
  const response: EstimateResponse = {
    fits: e.fits,
    memory: memoryBlock(e.memory),
    assumptions: {
      engine: a.engine,
      precision: a.precision,
      peakTflops: round(a.peakTflops, 1),
      hardware: a.hardware,
      model: a.model,
      parameters: a.parameters,
      activeParameters: a.activeParameters,
      kvCachePrecision: a.kvCachePrecision,
      tensorParallel: a.tensorParallel,
      pipelineParallel: a.pipelineParallel,
      dataParallel: a.dataParallel,
      memoryBandwidthEfficiency: a.memoryBandwidthEfficiency,
      computeEfficiency: a.computeEfficiency,
      prefillComputeEfficiency: a.prefillComputeEfficiency,
      quantizedWeightEfficiency: a.quantizedWeightEfficiency,
      efficiencyProfile: a.efficiencyProfile,
      efficiencySource: a.efficiencySource,
      perStepOverheadMs: a.perStepOverheadMs,
      perLayerOverheadMs: a.perLayerOverheadMs,
      perSequenceOverheadMs: a.perSequenceOverheadMs,
      collectiveLatencyUs: round(a.collectiveLatencyUs, 1),
      usableMemoryFraction: a.usableMemoryFraction,
      memoryBandwidthGBps: round(a.memoryBandwidthGBps, 1),
    },
    ...(e.uncertainty && { uncertainty: uncertaintyBlock(e.uncertainty) }),
    notes: e.notes.map(noteText),
  };
  const p = e.inference;
  if (p) {
    response.inference = {
      timeToFirstTokenMs: round(p.timeToFirstTokenMs),
      timePerOutputTokenMs: round(p.timePerOutputTokenMs),
      requestLatencyMs: round(p.requestLatencyMs),
      decodeTokensPerSecond: round(p.decodeTokensPerSecond),
      outputTokensPerSecond: round(p.outputTokensPerSecond),
      concurrency: p.concurrency,
      maxConcurrency: p.maxConcurrency,
      bottleneck: p.bottleneck,
    };
  }
  return response;
}

function trainingResponse(e: TrainingEstimate): EstimateResponse {
  const a = e.assumptions;
  const t = e.training;
  return {
    fits: e.fits,
    memory: memoryBlock(e.memory),
    training: {
      tokensPerSecond: round(t.tokensPerSecond),
      hours: roundSignificant(t.hours),
      deviceHours: roundSignificant(t.deviceHours),
      modelFlopsUtilization: round(t.modelFlopsUtilization, 4),
    },
    assumptions: {
      engine: a.engine,
      precision: a.precision,
      peakTflops: round(a.peakTflops, 1),
      hardware: a.hardware,
      model: a.model,
      parameters: a.parameters,
      activeParameters: a.activeParameters,
      kvCachePrecision: a.kvCachePrecision,
      tensorParallel: a.tensorParallel,
      pipelineParallel: a.pipelineParallel,
      dataParallel: a.dataParallel,
      memoryBandwidthEfficiency: a.memoryBandwidthEfficiency,
      computeEfficiency: round(a.computeEfficiency, 4),
      efficiencyProfile: a.efficiencyProfile,
      efficiencySource: a.efficiencySource,
      perStepOverheadMs: a.perStepOverheadMs,
      usableMemoryFraction: a.usableMemoryFraction,
      zeroStage: a.zeroStage,
      activationCheckpointing: a.activationCheckpointing,
      sequenceLength: a.sequenceLength,
      microBatchSize: a.microBatchSize,
      loraRank: a.loraRank,
    },
    ...(e.uncertainty && { uncertainty: uncertaintyBlock(e.uncertainty) }),
    notes: e.notes.map(noteText),
  };
}

function uncertaintyBlock(u: Uncertainty): NonNullable<EstimateResponse['uncertainty']> {
  return { family: u.family, typicalErrorFactor: round(u.typicalErrorFactor, 2), cases: u.cases };
}

/** The v1 response for a domain estimate: rounded as the contract shows numbers, notes worded. */
export function toEstimateResponse(e: Estimate): EstimateResponse {
  return e.kind === 'inference' ? inferenceResponse(e) : trainingResponse(e);
}

/**
 * Answer a v1 estimate request (`POST /v1/estimates`).
 *
 * @throws InputError for well-formed input that cannot be estimated as asked.
 * @example
 * estimateV1({ model: 'llama-3.1-8b', hardware: { accelerator: 'h100', count: 1 },
 *              workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 } }, { findInstanceSpec });
 */
export function estimateV1(req: EstimateRequest, deps: EstimatorDeps): EstimateResponse {
  return withInputErrors(() => toEstimateResponse(estimate(toEstimateInput(req, deps))));
}
