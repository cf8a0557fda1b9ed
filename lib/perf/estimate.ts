/**
 * `POST /v1/estimates`: one workload on given hardware, from the model's shapes, the hardware's
 * specs and the engine's efficiency profile. Pure: no I/O; instance specs come in through `deps`.
 */
import type { EstimateRequest, EstimateResponse, ModelRef } from '../contract/schemas.js';
import { type ResolvedModel, resolveModel } from '../model/architecture.js';
import { findModelPreset } from '../model/presets.js';
import { defaultEngine, findEfficiencyProfile } from './efficiency.js';
import { EstimateInputError } from './errors.js';
import type { Common } from './estimate-common.js';
import { checkPrecisionForEngine, estimateInference } from './estimate-inference.js';
import { estimateTraining } from './estimate-training.js';
import { type FindInstanceSpec, resolveTarget, type Target } from './target.js';

export interface EstimatorDeps {
  findInstanceSpec: FindInstanceSpec;
}

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
  if (req.workload.kind === 'inference') checkPrecisionForEngine(precision, engine, target);
  const response =
    req.workload.kind === 'inference'
      ? estimateInference(req, req.workload, common)
      : estimateTraining(req, req.workload, common);
  const a = response.assumptions;
  const idle = target.devices - a.tensorParallel * a.pipelineParallel * a.dataParallel;
  if (idle > 0) {
    response.notes.push(
      `${idle} of ${target.devices} devices idle: tensor x pipeline = ${a.tensorParallel * a.pipelineParallel} does not divide them`,
    );
  }
  return response;
}
