/**
 * Estimate one workload on given hardware, from the model's shapes, the hardware's specs and the
 * engine's efficiency profile. Pure: domain values in (a resolved model, a target), an unrounded
 * estimate with its notes as data out. lib/contract maps the v1 request and response to these.
 */
import { capabilitiesOf, headsPerShard, validTensorDegrees } from '../hardware/capabilities.js';
import type { Engine } from '../hardware/engines.js';
import type { ResolvedModel } from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import { defaultEngine, findEfficiencyProfile } from './efficiency.js';
import { UnsupportedEstimateError } from './errors.js';
import type { Common } from './estimate-common.js';
import { checkPrecisionForEngine, type InferenceEstimator, prepareInference } from './estimate-inference.js';
import { estimateTraining } from './estimate-training.js';
import type { Estimate } from './result.js';
import type { Target } from './target.js';
import { estimatePhase, uncertaintyFor } from './uncertainty.js';
import type { InferenceShape, Parallelism, Work } from './workloads.js';

export interface EstimateInput {
  model: ResolvedModel;
  target: Target;
  /** Default: the engine a person would pick for the hardware (see `defaultEngine`). */
  engine?: Engine;
  /** Default bf16 (nf4 for QLoRA). */
  precision?: Precision;
  kvCachePrecision?: Precision;
  parallelism?: Parallelism;
  workload: Work;
}

const reject = (rejection: ConstructorParameters<typeof UnsupportedEstimateError>[0]): never => {
  throw new UnsupportedEstimateError(rejection);
};

function checkParallelism(p: Parallelism, model: ResolvedModel, target: Target): void {
  const tensor = p.tensor ?? 1;
  const pipeline = p.pipeline ?? 1;
  if (target.kind === 'cpu' && (tensor > 1 || pipeline > 1)) {
    reject({ code: 'cpu-model-parallelism', field: 'parallelism' });
  }
  if (tensor * pipeline > target.devices) {
    reject({
      code: 'parallelism-exceeds-devices',
      field: p.tensor ? 'parallelism.tensor' : 'parallelism.pipeline',
      product: tensor * pipeline,
      devices: target.devices,
      hardware: target.label,
    });
  }
  if (tensor > 1 && target.accelerator) {
    const accelerator = target.accelerator.id;
    const shards = headsPerShard({
      accelerator,
      tensorDevices: tensor,
      attentionHeads: model.attentionHeads,
      kvHeads: model.kvHeads,
    });
    if (!shards.valid) {
      reject({
        code: 'tensor-does-not-divide-heads',
        field: 'parallelism.tensor',
        attentionHeads: model.attentionHeads,
        kvHeads: model.kvHeads,
        tensor,
      });
    }
    const supported = validTensorDegrees({
      accelerator,
      devices: target.devices,
      attentionHeads: model.attentionHeads,
      kvHeads: model.kvHeads,
    });
    if (capabilitiesOf(accelerator)?.tensorDegreesInRanks && !supported.includes(tensor)) {
      reject({
        code: 'tensor-degree-unsupported',
        field: 'parallelism.tensor',
        tensor,
        supported,
        hardware: target.label,
      });
    }
  }
  if (pipeline > model.layers) {
    reject({ code: 'pipeline-exceeds-layers', field: 'parallelism.pipeline', layers: model.layers });
  }
  if (p.data !== undefined && p.data * tensor * pipeline > target.devices) {
    reject({ code: 'data-exceeds-devices', field: 'parallelism.data' });
  }
}

/** A request longer than the model's context window cannot be served at all. */
export function checkContext(model: ResolvedModel, shape: InferenceShape): void {
  const tokens = shape.inputTokens + shape.outputTokens;
  if (model.maxContextTokens && tokens > model.maxContextTokens) {
    reject({
      code: 'exceeds-context',
      field: 'workload.inputTokens',
      tokens,
      contextTokens: model.maxContextTokens,
    });
  }
}

/** Resolve and check what every estimate shares: engine, precision, parallelism. */
function resolveCommon(input: EstimateInput): Common {
  const { model, target } = input;
  const engine = input.engine ?? defaultEngine(target.hardwareClass);
  const profile = findEfficiencyProfile(engine, target.hardwareClass);
  if (!profile) {
    return reject({
      code: 'engine-not-on-hardware',
      field: 'engine',
      engine,
      hardware: target.label,
      hardwareClass: target.hardwareClass,
    });
  }
  const w = input.workload;
  const isQlora = w.kind === 'fine-tuning' && w.method === 'qlora';
  const precision = input.precision ?? (isQlora ? 'nf4' : 'bf16');
  if (w.kind === 'inference') checkContext(model, w);
  checkParallelism(input.parallelism ?? {}, model, target);
  if (w.kind === 'inference') checkPrecisionForEngine(precision, engine, target);
  return { model, target, engine, profile, precision };
}

/** Devices a layout leaves unused are worth a note; every estimate says how far to trust it. */
function withIdleDevicesNote<E extends Estimate>(
  estimate: E,
  target: Target,
  model: ResolvedModel,
  work: Work['kind'],
): E {
  const a = estimate.assumptions;
  const tensorTimesPipeline = a.tensorParallel * a.pipelineParallel;
  const idle = target.devices - tensorTimesPipeline * a.dataParallel;
  if (idle > 0)
    estimate.notes.push({ code: 'idle-devices', idle, devices: target.devices, tensorTimesPipeline });
  estimate.uncertainty = uncertaintyFor({
    hardwareClass: target.hardwareClass,
    engine: a.engine,
    moe: model.expertParameters > 0,
    workload: work,
    phase: estimatePhase(estimate),
  });
  return estimate;
}

/**
 * Estimate one workload on given hardware.
 *
 * @throws UnsupportedEstimateError for input that cannot be estimated as asked (its `rejection` says why).
 * @example
 * const model = resolveModel(findModelPreset('llama-3.1-8b').architecture, 'llama-3.1-8b');
 * estimate({ model, target: targetOfAccelerators(findAccelerator('h100'), 1),
 *            workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 } });
 */
export function estimate(input: EstimateInput): Estimate {
  const common = resolveCommon(input);
  const w = input.workload;
  const result =
    w.kind === 'inference'
      ? prepareInference(input, w, common).estimate(w.concurrency ?? 1)
      : estimateTraining(input.parallelism, w, common);
  return withIdleDevicesNote(result, common.target, common.model, w.kind);
}

/**
 * Prepare an inference estimate once and ask it at many concurrencies (the planner's search):
 * `summary(n)` gives the latency numbers, `estimate(n)` the same answer `estimate` would.
 *
 * @throws UnsupportedEstimateError as `estimate` does.
 */
export function prepareInferenceEstimate(
  input: Omit<EstimateInput, 'workload'> & { workload: InferenceShape },
): InferenceEstimator {
  const common = resolveCommon({ ...input, workload: { kind: 'inference', ...input.workload } });
  const estimator = prepareInference(input, input.workload, common);
  return {
    summary: estimator.summary,
    estimate: (concurrency) =>
      withIdleDevicesNote(estimator.estimate(concurrency), common.target, common.model, 'inference'),
  };
}
