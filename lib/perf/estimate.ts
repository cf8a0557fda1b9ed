/**
 * `POST /v1/estimates`: one workload on given hardware, from the model's shapes, the hardware's
 * specs and the engine's efficiency profile. Pure: no I/O; instance specs come in through `deps`.
 */
import type { EstimateRequest, EstimateResponse, InferenceWorkload, ModelRef } from '../contract/schemas.js';
import { type ResolvedModel, resolveModel } from '../model/architecture.js';
import { findModelPreset } from '../model/presets.js';
import { defaultEngine, findEfficiencyProfile } from './efficiency.js';
import { EstimateInputError } from './errors.js';
import type { Common } from './estimate-common.js';
import { checkPrecisionForEngine, type InferenceEstimator, prepareInference } from './estimate-inference.js';
import { estimateTraining } from './estimate-training.js';
import { type FindInstanceSpec, resolveTarget, type Target } from './target.js';

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
    if (!preset)
      throw new EstimateInputError('/model', `unknown model "${ref}": see GET /v1/models for presets`);
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

/** Resolve and check what every estimate shares: model, hardware, engine, precision, parallelism. */
function resolveCommon(req: EstimateRequest, deps: EstimatorDeps): Common {
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
  if (req.workload.kind === 'inference') checkPrecisionForEngine(precision, engine, target);
  return { model, target, engine, profile, precision };
}

/** Devices a layout leaves unused are worth a note. */
function withIdleDevicesNote(response: EstimateResponse, target: Target): EstimateResponse {
  const a = response.assumptions;
  const idle = target.devices - a.tensorParallel * a.pipelineParallel * a.dataParallel;
  if (idle > 0) {
    response.notes.push(
      `${idle} of ${target.devices} devices idle: tensor x pipeline = ${a.tensorParallel * a.pipelineParallel} does not divide them`,
    );
  }
  return response;
}

/**
 * Estimate one workload on given hardware (`POST /v1/estimates`).
 *
 * @throws EstimateInputError for well-formed input that cannot be estimated as asked.
 * @example
 * estimate({ model: 'llama-3.1-8b', hardware: { accelerator: 'h100', count: 1 },
 *            workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 } }, { findInstanceSpec });
 */
export function estimate(req: EstimateRequest, deps: EstimatorDeps): EstimateResponse {
  const common = resolveCommon(req, deps);
  const w = req.workload;
  const response =
    w.kind === 'inference'
      ? prepareInference(req, w, common).response(w.concurrency ?? 1)
      : estimateTraining(req, w, common);
  return withIdleDevicesNote(response, common.target);
}

/**
 * Prepare an inference estimate once and ask it at many concurrencies (the planner's search):
 * `summary(n)` gives the latency numbers, `response(n)` the same answer `estimate` would.
 *
 * @throws EstimateInputError as `estimate` does.
 */
export function prepareInferenceEstimate(
  req: EstimateRequest & { workload: InferenceWorkload },
  deps: EstimatorDeps,
): InferenceEstimator {
  const common = resolveCommon(req, deps);
  const estimator = prepareInference(req, req.workload, common);
  return {
    summary: estimator.summary,
    response: (concurrency) => withIdleDevicesNote(estimator.response(concurrency), common.target),
  };
}
