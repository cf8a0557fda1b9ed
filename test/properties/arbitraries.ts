/**
 * Generators of valid requests for the property tests: every shape the contract (lib/contract)
 * accepts, from realistic values to the schema's bounds. "Valid" means the zod schema accepts it;
 * the service may still answer 422 when the combination is impossible (a GGUF format on a GPU engine,
 * nothing in the catalog big enough).
 */
import fc from 'fast-check';
import { embeddedInstanceSpecs } from '../../lib/catalog/index.js';
import { catalogRegions } from '../../lib/catalog/regions.js';
import { type PlanRequest, PlanRequestSchema } from '../../lib/contract/plan.js';
import {
  type EstimateRequest,
  EstimateRequestSchema,
  engineIds,
  fineTuningMethods,
  type ModelArchitecture,
  precisionIds,
} from '../../lib/contract/schemas.js';
import { acceleratorIds } from '../../lib/hardware/index.js';
import { modelPresets } from '../../lib/model/index.js';
import { ways } from '../../lib/planner/input.js';

export const presetIds = modelPresets.map((p) => p.id);
export const instanceTypes = embeddedInstanceSpecs().map((s) => s.instanceType);

/** An optional field, present about one time in `every`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** Drops the keys whose value is undefined (an absent field, as a caller would send it). */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Log-uniform between low and high: realistic magnitudes, without fast-check's pull towards the bounds. */
const logUniform = (low: number, high: number) =>
  fc.integer({ min: 0, max: 10_000 }).map((i) => low * (high / low) ** (i / 10_000));

/** Mostly realistic values, now and then anywhere up to the schema's bound. */
const intUpTo = (realistic: number, bound: number) =>
  fc.oneof(
    { weight: 5, arbitrary: logUniform(1, realistic).map(Math.round) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: bound }) },
  );
/** `floor`: the schema's minimum, so that the tiniest valid values are generated too. */
const positiveUpTo = (low: number, realistic: number, bound: number, floor = Number.MIN_VALUE) =>
  fc.oneof(
    { weight: 5, arbitrary: logUniform(low, realistic) },
    { weight: 1, arbitrary: fc.double({ min: floor, max: bound, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(floor) },
  );

/** Inline architectures that satisfy every cross-field rule of ModelArchitectureSchema. */
export const architecture: fc.Arbitrary<ModelArchitecture> = fc
  .record({
    layers: fc.integer({ min: 1, max: 128 }),
    heads: fc.constantFrom(4, 8, 16, 32, 64, 128),
    headDim: fc.constantFrom(64, 96, 128, 256),
    kvDivisor: fc.constantFrom(1, 2, 4, 8),
    ffnRatio: fc.double({ min: 1, max: 6, noNaN: true }),
    vocabSize: fc.integer({ min: 256, max: 262_144 }),
    // plausible: about what the shapes hold; any: anywhere from 1 to the bound (often contradicting the
    // shapes, which the schema refuses); none: derived from the shapes.
    giveParameters: fc.constantFrom('plausible', 'any', 'none'),
    anyParameters: logUniform(1, 1e14),
    activeShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 4 }),
    moe: fc.option(
      fc.record({ experts: fc.constantFrom(8, 16, 64, 256), perToken: fc.constantFrom(1, 2, 8) }),
      {
        nil: undefined,
      },
    ),
    kvLatentDim: fc.option(fc.constantFrom(512, 576), { nil: undefined, freq: 8 }),
    slidingWindow: fc.option(fc.constantFrom(1024, 4096), { nil: undefined, freq: 6 }),
    tied: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((a) => {
    const hiddenSize = a.heads * a.headDim;
    const intermediateSize = Math.max(1, Math.round(hiddenSize * a.ffnRatio));
    const arch: ModelArchitecture = {
      name: 'generated',
      layers: a.layers,
      hiddenSize,
      attentionHeads: a.heads,
      kvHeads: a.heads / a.kvDivisor,
      intermediateSize,
      vocabSize: a.vocabSize,
      ...(a.tied !== undefined && { tiedEmbeddings: a.tied }),
      ...(a.kvLatentDim !== undefined && { kvLatentDim: a.kvLatentDim }),
      ...(a.slidingWindow !== undefined && {
        slidingWindowTokens: a.slidingWindow,
        slidingWindowLayers: Math.floor(a.layers / 2),
      }),
    };
    if (a.moe) {
      arch.experts = a.moe.experts;
      arch.expertsPerToken = Math.min(a.moe.perToken, a.moe.experts);
    }
    if (a.giveParameters === 'any') arch.parameters = Math.round(a.anyParameters);
    if (
      a.giveParameters === 'plausible' &&
      a.layers * (4 * hiddenSize ** 2 + 3 * hiddenSize * intermediateSize * (a.moe?.experts ?? 1)) < 1e14
    ) {
      // A plausible total: 12 h^2 per layer plus embeddings, times the experts' share of the MLP.
      const perLayer =
        4 * hiddenSize * hiddenSize + 3 * hiddenSize * intermediateSize * (a.moe?.experts ?? 1);
      arch.parameters = a.layers * perLayer + 2 * a.vocabSize * hiddenSize;
    }
    if (a.activeShare !== undefined && arch.parameters !== undefined)
      arch.activeParameters = Math.max(1, Math.round(a.activeShare * arch.parameters));
    return arch;
  });

/**
 * Architectures anywhere inside the schema's bounds, shapes up to their maxima (a model built from
 * its shapes can pass the parameter cap); most contradict themselves and are refused with a 422.
 */
export const extremeArchitecture: fc.Arbitrary<ModelArchitecture> = fc
  .record(
    {
      parameters: fc.oneof(logUniform(1, 1e14), fc.constant(1)),
      activeParameters: fc.oneof(logUniform(1, 1e14), fc.constant(1)),
      layers: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.constant(2000)),
      hiddenSize: fc.oneof(logUniform(1, 1_000_000).map(Math.round), fc.constant(1_000_000)),
      attentionHeads: fc.constantFrom(1, 2, 8, 10_000),
      intermediateSize: fc.oneof(logUniform(1, 10_000_000).map(Math.round), fc.constant(10_000_000)),
      vocabSize: fc.oneof(logUniform(1, 10_000_000).map(Math.round), fc.constant(10_000_000)),
      headDim: fc.oneof(logUniform(1, 100_000).map(Math.round), fc.constant(100_000)),
    },
    { requiredKeys: ['layers', 'hiddenSize', 'attentionHeads'] },
  )
  .map((a) => ({ name: 'extreme', ...a }));

export const modelRef = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...presetIds) },
  { weight: 2, arbitrary: architecture },
  { weight: 1, arbitrary: extremeArchitecture },
);

export const hardware = fc.oneof(
  fc.record(
    { instanceType: fc.constantFrom(...instanceTypes), count: fc.integer({ min: 1, max: 8 }) },
    { requiredKeys: ['instanceType'] },
  ),
  fc.record({ accelerator: fc.constantFrom(...acceleratorIds), count: fc.constantFrom(1, 2, 4, 8, 16, 64) }),
);

const parallelism = fc.record(
  {
    tensor: fc.constantFrom(1, 2, 4, 8),
    pipeline: fc.constantFrom(1, 2, 4),
    data: fc.integer({ min: 1, max: 64 }),
  },
  { requiredKeys: [] },
);

const inferenceWorkload = fc.record(
  {
    kind: fc.constant('inference' as const),
    inputTokens: intUpTo(32_768, 100_000_000),
    outputTokens: intUpTo(4096, 100_000_000),
    concurrency: fc.oneof(intUpTo(256, 1_000_000), fc.constant('max' as const)),
  },
  { requiredKeys: ['kind', 'inputTokens', 'outputTokens'] },
);

const trainingWorkload = fc.record(
  {
    kind: fc.constant('training' as const),
    tokens: positiveUpTo(1e6, 1e13, 1e16, 1),
    sequenceLength: intUpTo(32_768, 100_000_000),
    globalBatchTokens: positiveUpTo(1e4, 1e8, 1e12, 1),
    activationCheckpointing: fc.boolean(),
    zeroStage: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
  },
  { requiredKeys: ['kind', 'tokens'] },
);

const fineTuningWorkload = fc.record(
  {
    kind: fc.constant('fine-tuning' as const),
    method: fc.constantFrom(...fineTuningMethods),
    tokens: positiveUpTo(1e5, 1e10, 1e16, 1),
    sequenceLength: intUpTo(32_768, 100_000_000),
    microBatchSize: intUpTo(64, 4096),
    loraRank: intUpTo(256, 4096),
  },
  { requiredKeys: ['kind', 'method', 'tokens'] },
);

export const estimateRequest: fc.Arbitrary<EstimateRequest> = fc
  .record(
    {
      model: modelRef,
      precision: fc.constantFrom(...precisionIds),
      kvCachePrecision: fc.constantFrom(...precisionIds),
      hardware,
      engine: fc.constantFrom(...engineIds),
      parallelism,
      workload: fc.oneof(inferenceWorkload, trainingWorkload, fineTuningWorkload),
    },
    { requiredKeys: ['model', 'hardware', 'workload'] },
  )
  // The generators stay inside the schema by construction; this guards the few corners (a derived
  // parameter count above the bound) so that every request is valid by the contract's own test.
  .filter((r) => EstimateRequestSchema.safeParse(r).success);

const traffic = fc
  .record({
    requestsPerSecond: sometimes(positiveUpTo(0.01, 200, 1e6), 2),
    concurrentRequests: sometimes(intUpTo(512, 10_000_000), 3),
    requestsPerDay: sometimes(positiveUpTo(1, 1e6, 1e11), 3),
    activeHoursPerDay: sometimes(positiveUpTo(1, 12, 24), 4),
    peakFactor: sometimes(fc.double({ min: 1, max: 100, noNaN: true }), 4),
    targetUtilization: sometimes(positiveUpTo(0.3, 0.9, 1), 4),
  })
  .map(defined);
const slo = fc
  .record({
    timeToFirstTokenMs: sometimes(positiveUpTo(200, 10_000, 3_600_000, 1), 2),
    timePerOutputTokenMs: sometimes(positiveUpTo(15, 200, 600_000, 0.01), 2),
  })
  .map(defined);

const planWorkload = fc.oneof(
  fc
    .record({
      kind: fc.constant('inference' as const),
      inputTokens: intUpTo(32_768, 100_000_000),
      outputTokens: intUpTo(4096, 100_000_000),
      traffic: sometimes(traffic, 2),
      slo: sometimes(slo, 2),
    })
    .map(defined),
  fc
    .record({
      kind: fc.constant('training' as const),
      tokens: positiveUpTo(1e6, 1e12, 1e16, 1),
      sequenceLength: sometimes(intUpTo(32_768, 100_000_000), 3),
      deadlineHours: sometimes(positiveUpTo(1, 2000, 1e6, 0.01), 2),
    })
    .map(defined),
  fc
    .record({
      kind: fc.constant('fine-tuning' as const),
      method: fc.constantFrom(...fineTuningMethods),
      tokens: positiveUpTo(1e5, 1e10, 1e16, 1),
      sequenceLength: sometimes(intUpTo(32_768, 100_000_000), 3),
      deadlineHours: sometimes(positiveUpTo(1, 2000, 1e6, 0.01), 2),
    })
    .map(defined),
);

const constraints = fc
  .record({
    maxHourlyUsd: sometimes(positiveUpTo(0.05, 200, 1e7, 0.001), 3),
    acceleratorKinds: sometimes(
      fc.uniqueArray(fc.constantFrom('cpu' as const, 'gpu' as const, 'neuron' as const), {
        minLength: 1,
        maxLength: 3,
      }),
      2,
    ),
    instanceTypes: sometimes(
      fc.uniqueArray(fc.constantFrom(...instanceTypes), { minLength: 1, maxLength: 40 }),
      4,
    ),
    purchaseOption: sometimes(fc.constantFrom('on-demand' as const, 'spot' as const), 2),
    ways: sometimes(fc.uniqueArray(fc.constantFrom(...ways), { minLength: 1, maxLength: 3 }), 3),
  })
  .map(defined);

/** Hardware a caller owns: any accelerator id, sometimes with its memory (right or wrong). */
const owned = fc.array(
  fc
    .record({
      accelerator: fc.constantFrom(...acceleratorIds),
      count: sometimes(fc.integer({ min: 1, max: 8 }), 2),
      memoryGiB: sometimes(positiveUpTo(8, 128, 4096), 4),
      label: sometimes(fc.constant('my machine'), 3),
    })
    .map(defined),
  { minLength: 1, maxLength: 3 },
);

/**
 * Plan requests: every field and value the contract allows, but the narrowing ones (a fixed engine or
 * precision, constraints) only now and then, so that a good share of plans is feasible.
 */
export const planRequest: fc.Arbitrary<PlanRequest> = fc
  .record({
    model: modelRef,
    precision: sometimes(fc.constantFrom('auto' as const, ...precisionIds), 3),
    region: sometimes(fc.constantFrom(...catalogRegions), 2),
    engine: sometimes(fc.constantFrom(...engineIds), 5),
    workload: planWorkload,
    constraints: sometimes(constraints, 4),
    owned: sometimes(owned, 4),
  })
  .map(defined)
  .filter((r) => PlanRequestSchema.safeParse(r).success);

/**
 * Fixed seeds and bounded runs keep `npm test` fast and failures reproducible; search wider locally
 * with e.g. `FC_SEED=$RANDOM FC_RUNS_SCALE=20 npx vitest run test/properties`.
 */
export function runs(numRuns: number): { numRuns: number; seed: number } {
  const scale = Number(process.env.FC_RUNS_SCALE ?? 1);
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    seed: Number(process.env.FC_SEED ?? 20261126),
  };
}
