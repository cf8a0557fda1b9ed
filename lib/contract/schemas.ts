/**
 * The HTTP contract (DESIGN §4) as zod schemas: defined once, reused by request validation, the
 * OpenAPI document, the typed client and the domain code's types (`z.infer`).
 *
 * Plain zod (no Hono import); built from the domain's id lists and types (lib/model, lib/hardware,
 * lib/perf), never the other way round. `lib/api` registers them with OpenAPI metadata.
 */
import { z } from 'zod';
import { acceleratorIds } from '../hardware/accelerators.js';
import { type Engine, engineIds } from '../hardware/engines.js';
import type { ModelArchitecture } from '../model/architecture.js';
import { architectureContradictions, MAX_PARAMETERS } from '../model/consistency.js';
import { architectureFromHuggingFace } from '../model/huggingface.js';
import { type Precision, precisionIds } from '../model/precisions.js';
import { bottlenecks, fineTuningMethods } from '../perf/workloads.js';

export type { Engine, ModelArchitecture, Precision };
export { bottlenecks, engineIds, fineTuningMethods, precisionIds };

const count = (max: number) => z.number().int().min(1).max(max);
/** Below `min` a value means nothing physical and would only divide into infinities. */
const between = (min: number, max: number) => z.number().min(min).max(max);

export const PrecisionSchema = z.enum(precisionIds).describe('Weight (or KV cache) number format.');

export const EngineSchema = z.enum(engineIds).describe('Serving or training engine.');

export const AcceleratorIdSchema = z.enum(acceleratorIds);

export const ModelArchitectureSchema = z
  .object({
    name: z.string().max(200).optional(),
    parameters: z
      .number()
      .min(1)
      .max(MAX_PARAMETERS)
      .optional()
      .describe(
        'Total parameters, e.g. 8.03e9. Derived from the shapes when omitted (needs intermediateSize and vocabSize).',
      ),
    activeParameters: z
      .number()
      .min(1)
      .max(MAX_PARAMETERS)
      .optional()
      .describe('Mixture-of-experts: parameters used per token.'),
    layers: count(2000),
    hiddenSize: count(1_000_000),
    attentionHeads: count(10_000),
    kvHeads: count(10_000)
      .optional()
      .describe('Default attentionHeads; fewer means grouped-query attention.'),
    headDim: count(100_000).optional().describe('Default hiddenSize / attentionHeads.'),
    intermediateSize: count(10_000_000).optional(),
    vocabSize: count(10_000_000).optional(),
    maxContextTokens: count(100_000_000).optional(),
    experts: count(100_000).optional(),
    expertsPerToken: count(100_000).optional(),
    kvLatentDim: count(1_000_000)
      .optional()
      .describe('Multi-head latent attention: cached values per token per layer.'),
    slidingWindowTokens: count(100_000_000)
      .optional()
      .describe('Window of the sliding-window attention layers.'),
    slidingWindowLayers: z
      .number()
      .int()
      .min(0)
      .max(2000)
      .optional()
      .describe('How many layers use the window.'),
    tiedEmbeddings: z.boolean().optional().describe('Input and output embeddings share one matrix.'),
  })
  .strict()
  .superRefine((a, ctx) => {
    let issues = 0;
    const issue = (path: string, message: string) => {
      issues += 1;
      ctx.addIssue({ code: 'custom', path: path ? [path] : [], message });
    };
    if (a.parameters === undefined) {
      if (a.intermediateSize === undefined)
        issue('intermediateSize', 'needed to derive parameters when they are not given');
      if (a.vocabSize === undefined)
        issue('vocabSize', 'needed to derive parameters when they are not given');
    }
    if (a.kvHeads !== undefined && a.kvHeads > a.attentionHeads)
      issue('kvHeads', 'cannot exceed attentionHeads');
    if (a.kvHeads !== undefined && a.attentionHeads % a.kvHeads !== 0) {
      issue('kvHeads', 'attentionHeads must be a multiple of kvHeads');
    }
    if (a.headDim === undefined && a.hiddenSize % a.attentionHeads !== 0) {
      issue('headDim', 'give headDim when hiddenSize is not a multiple of attentionHeads');
    }
    if ((a.experts === undefined) !== (a.expertsPerToken === undefined)) {
      issue(
        a.experts === undefined ? 'experts' : 'expertsPerToken',
        'experts and expertsPerToken go together',
      );
    }
    if (a.experts !== undefined && a.expertsPerToken !== undefined && a.expertsPerToken > a.experts) {
      issue('expertsPerToken', 'cannot exceed experts');
    }
    if (a.slidingWindowLayers !== undefined && a.slidingWindowLayers > a.layers) {
      issue('slidingWindowLayers', 'cannot exceed layers');
    }
    if ((a.slidingWindowLayers ?? 0) > 0 && a.slidingWindowTokens === undefined) {
      issue('slidingWindowTokens', 'needed when slidingWindowLayers is given');
    }
    // Counts that contradict the shapes (checked once the shapes themselves are valid).
    if (issues === 0) for (const c of architectureContradictions(a)) issue(c.field, c.message);
  });
// The contract accepts exactly the domain's architecture: checked here at compile time.
const _architectureMatches: z.ZodType<ModelArchitecture, ModelArchitecture> = ModelArchitectureSchema;

/**
 * `{ huggingFace: <config.json> }`: the architecture read from a Hugging Face config (see
 * lib/model/huggingface.ts). Every missing or invalid key is an issue at `/model/huggingFace/<key>`.
 */
export const HuggingFaceModelSchema = z
  .object({
    huggingFace: z
      .record(z.string(), z.unknown())
      .describe(
        "A model's Hugging Face config.json, as JSON: its architecture keys are mapped to the fields.",
      ),
  })
  .strict()
  .transform((ref, ctx): ModelArchitecture => {
    const issue = (path: readonly string[], message: string) =>
      ctx.addIssue({ code: 'custom', path: ['huggingFace', ...path], message });
    const mapping = architectureFromHuggingFace(ref.huggingFace);
    if (!mapping.ok) {
      for (const i of mapping.issues) issue(i.path, i.message);
      return z.NEVER;
    }
    // The mapped numbers must also be a consistent architecture; point back at the config keys.
    const checked = ModelArchitectureSchema.safeParse(mapping.architecture);
    if (!checked.success) {
      for (const i of checked.error.issues) {
        const field = String(i.path[0]) as keyof ModelArchitecture;
        issue(mapping.sourceKeys[field] ?? [field], i.message);
      }
      return z.NEVER;
    }
    return checked.data;
  });

export const ModelRefSchema = z.union([
  z.string().min(1).max(100).describe('Preset id from GET /v1/models, e.g. "llama-3.1-8b".'),
  ModelArchitectureSchema,
  HuggingFaceModelSchema,
]);
export type ModelRef = z.infer<typeof ModelRefSchema>;

export const HardwareSchema = z.union([
  z
    .object({
      instanceType: z.string().min(1).max(64).describe('EC2 instance type, e.g. "g5.2xlarge".'),
      count: count(100_000).optional().describe('Number of instances (default 1).'),
    })
    .strict(),
  z
    .object({
      accelerator: AcceleratorIdSchema,
      count: count(1_000_000),
      memoryGiB: z
        .number()
        .positive()
        .max(4096)
        .optional()
        .describe(
          'Unified-memory machines (Apple silicon): the installed RAM; the GPU may use its macOS share.',
        ),
    })
    .strict(),
]);
export type Hardware = z.infer<typeof HardwareSchema>;

export const ParallelismSchema = z
  .object({
    tensor: count(1024).optional(),
    pipeline: count(1024).optional(),
    data: count(1_000_000).optional(),
  })
  .strict();
export type Parallelism = z.infer<typeof ParallelismSchema>;

const tokens = count(100_000_000);

export const InferenceWorkloadSchema = z
  .object({
    kind: z.literal('inference'),
    inputTokens: tokens,
    outputTokens: tokens,
    concurrency: z.union([count(1_000_000), z.literal('max')]).optional(),
  })
  .strict();

export const TrainingWorkloadSchema = z
  .object({
    kind: z.literal('training'),
    tokens: between(1, 1e16),
    sequenceLength: tokens.optional(),
    globalBatchTokens: between(1, 1e12).optional(),
    activationCheckpointing: z.boolean().optional(),
    zeroStage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  })
  .strict();

export const FineTuningWorkloadSchema = z
  .object({
    kind: z.literal('fine-tuning'),
    method: z.enum(fineTuningMethods),
    tokens: between(1, 1e16),
    sequenceLength: tokens.optional(),
    microBatchSize: count(4096).optional(),
    loraRank: count(4096).optional(),
  })
  .strict();

export const EstimateWorkloadSchema = z.discriminatedUnion('kind', [
  InferenceWorkloadSchema,
  TrainingWorkloadSchema,
  FineTuningWorkloadSchema,
]);
export type InferenceWorkload = z.infer<typeof InferenceWorkloadSchema>;
export type TrainingWorkload = z.infer<typeof TrainingWorkloadSchema>;
export type FineTuningWorkload = z.infer<typeof FineTuningWorkloadSchema>;
export type EstimateWorkload = z.infer<typeof EstimateWorkloadSchema>;

export const EstimateRequestSchema = z
  .object({
    model: ModelRefSchema,
    precision: PrecisionSchema.optional(),
    kvCachePrecision: PrecisionSchema.optional(),
    hardware: HardwareSchema,
    engine: EngineSchema.optional(),
    parallelism: ParallelismSchema.optional(),
    workload: EstimateWorkloadSchema,
  })
  .strict();
export type EstimateRequest = z.infer<typeof EstimateRequestSchema>;

/** A number in a response that no quantity of this API can be: negative, NaN or infinite. */
export interface UnphysicalNumber {
  path: (string | number)[];
  value: number;
}

/** Every unphysical number in a response body, wherever it sits (new fields included). */
export function unphysicalNumbers(value: unknown): UnphysicalNumber[] {
  const found: UnphysicalNumber[] = [];
  const path: (string | number)[] = [];
  // Paths are copied only for a bad number: answers are checked on every request.
  const walk = (v: unknown): void => {
    if (typeof v === 'number') {
      if (!(v >= 0 && v < Number.POSITIVE_INFINITY)) found.push({ path: [...path], value: v });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (v !== null && typeof v === 'object') {
      for (const key in v) {
        path.push(key);
        walk((v as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(value);
  return found;
}

/**
 * The check every computed response schema carries: times, rates, sizes, counts and prices are
 * finite and never negative. The API validates its answers with it on the way out.
 */
export const physicalNumbers = (body: unknown, ctx: z.core.$RefinementCtx<unknown>) => {
  for (const { path, value } of unphysicalNumbers(body))
    ctx.addIssue({ code: 'custom', path, message: `${value} is not a physical value`, input: value });
};

export const MemoryBreakdownSchema = z.object({
  weights: z.number(),
  kvCache: z.number(),
  activations: z.number(),
  gradients: z.number(),
  optimizerStates: z.number(),
  overhead: z.number(),
});

export const EstimateResponseSchema = z
  .object({
    fits: z.boolean(),
    memory: z.object({
      perDeviceGiB: z.number(),
      capacityPerDeviceGiB: z.number(),
      devices: z.number().int(),
      breakdownGiB: MemoryBreakdownSchema.describe('Per device.'),
    }),
    inference: z
      .object({
        timeToFirstTokenMs: z.number(),
        timePerOutputTokenMs: z.number(),
        requestLatencyMs: z.number(),
        decodeTokensPerSecond: z
          .number()
          .describe("One sequence's generation speed: 1000 / timePerOutputTokenMs."),
        outputTokensPerSecond: z
          .number()
          .describe('All concurrent sequences together, prefill time included.'),
        concurrency: z.number().int(),
        maxConcurrency: z.number().int(),
        bottleneck: z.enum(bottlenecks),
      })
      .optional(),
    training: z
      .object({
        tokensPerSecond: z.number().describe('All devices together.'),
        hours: z.number(),
        deviceHours: z.number(),
        modelFlopsUtilization: z.number(),
      })
      .optional(),
    assumptions: z
      .object({
        engine: EngineSchema,
        precision: PrecisionSchema,
        kvCachePrecision: PrecisionSchema,
        tensorParallel: z.number().int(),
        pipelineParallel: z.number().int(),
        dataParallel: z.number().int().describe('Replicas (inference) or data-parallel ranks (training).'),
        memoryBandwidthEfficiency: z.number(),
        computeEfficiency: z.number(),
        prefillComputeEfficiency: z.number().optional(),
        quantizedWeightEfficiency: z.number().optional(),
        efficiencyProfile: z.string(),
        efficiencySource: z.string(),
        perStepOverheadMs: z.number(),
        perLayerOverheadMs: z.number().optional(),
        perSequenceOverheadMs: z.number().optional(),
        collectiveLatencyUs: z.number().optional(),
        usableMemoryFraction: z.number(),
        memoryBandwidthGBps: z.number().optional(),
        peakTflops: z.number().describe('Dense peak per device for the precision used.'),
        zeroStage: z.number().int().optional(),
        activationCheckpointing: z.boolean().optional(),
        sequenceLength: z.number().int().optional(),
        microBatchSize: z.number().int().optional(),
        loraRank: z.number().int().optional(),
        hardware: z.string(),
        model: z.string(),
        parameters: z.number(),
        activeParameters: z.number(),
      })
      .describe('Every efficiency and default the estimate used.'),
    uncertainty: z
      .object({
        family: z.string().describe('Calibration family: hardware class, MoE or dense, workload, phase.'),
        typicalErrorFactor: z
          .number()
          .describe(
            'Typical max(predicted/measured, measured/predicted) of this family against published measurements.',
          ),
        cases: z
          .number()
          .int()
          .describe('Published measurements behind the figure (0: the uncalibrated prior).'),
      })
      .optional()
      .describe('How far to trust this estimate (from the calibration ledger; see CALIBRATION.md).'),
    notes: z.array(z.string()),
  })
  .superRefine(physicalNumbers);
export type EstimateResponse = z.infer<typeof EstimateResponseSchema>;
