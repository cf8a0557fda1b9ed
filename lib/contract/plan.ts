/**
 * `POST /v1/plans` and the catalog listings (DESIGN §4) as zod schemas.
 */
import { z } from 'zod';
import { hardwareClasses } from '../hardware/accelerators.js';
import { instanceAcceleratorKinds } from '../hardware/instances.js';
import { tiers } from '../planner/result.js';
import {
  EngineSchema,
  EstimateResponseSchema,
  fineTuningMethods,
  ModelArchitectureSchema,
  ModelRefSchema,
  PrecisionSchema,
} from './schemas.js';

const positive = (max: number) => z.number().positive().max(max);
const count = (max: number) => z.number().int().min(1).max(max);

export const AcceleratorKindSchema = z.enum(instanceAcceleratorKinds);
export type AcceleratorKindName = z.infer<typeof AcceleratorKindSchema>;

export const TrafficSchema = z
  .object({
    requestsPerSecond: positive(1e6).optional(),
    concurrentRequests: count(10_000_000).optional(),
    requestsPerDay: positive(1e11).optional(),
  })
  .strict()
  .describe('Sustained load; give any one (or more: the most demanding wins).');

export const SloSchema = z
  .object({
    timeToFirstTokenMs: positive(3_600_000).optional(),
    timePerOutputTokenMs: positive(600_000).optional(),
  })
  .strict();

export const PlanInferenceWorkloadSchema = z
  .object({
    kind: z.literal('inference'),
    inputTokens: count(100_000_000),
    outputTokens: count(100_000_000),
    traffic: TrafficSchema.optional(),
    slo: SloSchema.optional(),
  })
  .strict();

export const PlanTrainingWorkloadSchema = z
  .object({
    kind: z.literal('training'),
    tokens: positive(1e16),
    sequenceLength: count(100_000_000).optional(),
    deadlineHours: positive(1e6).optional(),
  })
  .strict();

export const PlanFineTuningWorkloadSchema = z
  .object({
    kind: z.literal('fine-tuning'),
    method: z.enum(fineTuningMethods),
    tokens: positive(1e16),
    sequenceLength: count(100_000_000).optional(),
    deadlineHours: positive(1e6).optional(),
  })
  .strict();

export const PlanWorkloadSchema = z.discriminatedUnion('kind', [
  PlanInferenceWorkloadSchema,
  PlanTrainingWorkloadSchema,
  PlanFineTuningWorkloadSchema,
]);
export type PlanWorkload = z.infer<typeof PlanWorkloadSchema>;

export const ConstraintsSchema = z
  .object({
    maxHourlyUsd: positive(1e7).optional(),
    acceleratorKinds: z.array(AcceleratorKindSchema).min(1).max(3).optional(),
    instanceTypes: z.array(z.string().min(1).max(64)).min(1).max(500).optional(),
    purchaseOption: z.enum(['on-demand', 'spot']).optional(),
  })
  .strict();

export const PlanRequestSchema = z
  .object({
    model: ModelRefSchema,
    precision: z.union([PrecisionSchema, z.literal('auto')]).optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region code such as us-east-1')
      .optional(),
    engine: EngineSchema.optional(),
    workload: PlanWorkloadSchema,
    constraints: ConstraintsSchema.optional(),
  })
  .strict();
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

export const PricingSchema = z.object({
  source: z.enum(['embedded', 'aws-price-list', 'snapshot']),
  asOf: z.string(),
  region: z.string(),
  currency: z.literal('USD'),
  stale: z.boolean(),
  staleReason: z.string().optional(),
});
export type Pricing = z.infer<typeof PricingSchema>;

export const RecommendationSchema = z.object({
  instanceType: z.string(),
  instanceCount: z.number().int(),
  acceleratorKind: AcceleratorKindSchema,
  precision: PrecisionSchema,
  purchaseOption: z.enum(['on-demand', 'spot']),
  hourlyUsd: z.number(),
  monthlyUsd: z.number().describe('730 hours.'),
  costPerMillionOutputTokensUsd: z.number().optional().describe('Inference: at the planned load.'),
  jobCostUsd: z.number().optional(),
  jobHours: z.number().optional(),
  estimate: EstimateResponseSchema,
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const AlternativeSchema = RecommendationSchema.extend({ why: z.string() });
export type Alternative = z.infer<typeof AlternativeSchema>;

export const PlanResponseSchema = z.object({
  tier: z.enum(tiers),
  recommendation: RecommendationSchema,
  alternatives: z.array(AlternativeSchema),
  rationale: z.array(z.string()),
  requirements: z
    .object({
      memoryGiB: z
        .number()
        .describe('Weights plus the KV cache (or training state) the workload needs, any hardware.'),
      weightsGiB: z.number(),
      kvCacheGiB: z.number().optional(),
      concurrentSequences: z.number().optional(),
      requestsPerSecond: z.number().optional(),
      decodeTokensPerSecond: z.number().optional().describe('Per sequence, from the SLO.'),
      timeToFirstTokenMs: z.number().optional(),
      trainingFlops: z.number().optional(),
      deadlineHours: z.number().optional(),
    })
    .loose(),
  pricing: PricingSchema,
});
export type PlanResponse = z.infer<typeof PlanResponseSchema>;

export const ModelListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  architecture: ModelArchitectureSchema,
  activeParameters: z.number(),
  kvCacheBytesPerToken: z.number().describe('At 16 bits, full-attention layers.'),
  source: z.string(),
});

export const AcceleratorListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['gpu', 'neuron']),
  memoryGiB: z.number(),
  memoryBandwidthGBps: z.number(),
  peakTflops: z.object({
    fp32: z.number().optional(),
    fp16: z.number().optional(),
    bf16: z.number().optional(),
    fp8: z.number().optional(),
    int8: z.number().optional(),
  }),
  interconnect: z.object({ kind: z.string(), bandwidthGBps: z.number() }),
  vendor: z.string().optional(),
  hardwareClass: z
    .enum(hardwareClasses)
    .optional()
    .describe('consumer-gpu: GeForce cards; apple-silicon: the GPU of an M-series Mac (unified memory).'),
  ownedOnly: z
    .boolean()
    .optional()
    .describe("Hardware people own (give it in a plan's `owned`); never in the EC2 catalog."),
  memoryOptionsGB: z
    .array(z.number())
    .optional()
    .describe(
      'Unified-memory machines: the RAM sizes the chip ships with; memoryGiB is the GPU share of the smallest.',
    ),
  capabilities: z
    .object({
      nativePrecisions: z.array(z.string()).describe('Formats the device computes in natively.'),
      shardingUnit: z.object({ kind: z.enum(['device', 'neuron-core']), perDevice: z.number() }),
      padsAttentionHeads: z.boolean(),
      maxTensorDevices: z.number(),
      poolable: z.boolean(),
    })
    .optional(),
  source: z.string().optional(),
});

export const InstanceListItemSchema = z.object({
  instanceType: z.string(),
  vcpus: z.number(),
  memoryGiB: z.number(),
  acceleratorKind: AcceleratorKindSchema,
  accelerator: z.string().optional(),
  acceleratorCount: z.number(),
  onDemandHourlyUsd: z
    .number()
    .optional()
    .describe('Absent when the type is not sold on demand (see unavailableReason).'),
  onDemandDerived: z
    .boolean()
    .optional()
    .describe(
      'True when the regional price is derived from us-east-1 by a regional factor, not a published row.',
    ),
  spotHourlyUsd: z.number().optional().describe('Indicative: a recent minimum over zones, not a quote.'),
  unavailableReason: z
    .string()
    .optional()
    .describe('Why a listed type is not offered on demand (e.g. Capacity Blocks only).'),
  region: z.string(),
});

export const InstanceListQuerySchema = z.object({
  region: PlanRequestSchema.shape.region,
  acceleratorKind: AcceleratorKindSchema.optional(),
});
