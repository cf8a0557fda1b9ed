/**
 * `POST /v1/plans` and the catalog listings (DESIGN §4) as zod schemas.
 */
import { z } from 'zod';
import { hardwareClasses } from '../hardware/accelerators.js';
import { instanceAcceleratorKinds } from '../hardware/instances.js';
import { ways } from '../planner/input.js';
import { purchaseOptions } from '../planner/offers.js';
import { tiers } from '../planner/result.js';
import {
  EngineSchema,
  EstimateResponseSchema,
  fineTuningMethods,
  ModelArchitectureSchema,
  ModelRefSchema,
  PrecisionSchema,
  physicalNumbers,
} from './schemas.js';

const positive = (max: number) => z.number().positive().max(max);
/** Below `min` a value means nothing physical and would only divide into infinities. */
const between = (min: number, max: number) => z.number().min(min).max(max);
const count = (max: number) => z.number().int().min(1).max(max);

export const AcceleratorKindSchema = z.enum(instanceAcceleratorKinds);
export type AcceleratorKindName = z.infer<typeof AcceleratorKindSchema>;

export const TrafficSchema = z
  .object({
    requestsPerSecond: positive(1e6).optional(),
    concurrentRequests: count(10_000_000).optional(),
    requestsPerDay: positive(1e11).optional(),
    activeHoursPerDay: z
      .number()
      .gt(0)
      .max(24)
      .optional()
      .describe('Hours a day the service runs (0 < h <= 24, default 24); an instance is billed for those.'),
    peakFactor: z
      .number()
      .min(1)
      .max(100)
      .optional()
      .describe('Peak over the average rate of requestsPerDay (default 2).'),
    targetUtilization: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        'Most a customer-facing fleet runs each replica at, as a share of what it sustains within the SLO (default 0.8).',
      ),
  })
  .strict()
  .describe('Sustained load; give any one (or more: the most demanding wins).');

export const SloSchema = z
  .object({
    timeToFirstTokenMs: between(1, 3_600_000).optional(),
    timePerOutputTokenMs: between(0.01, 600_000).optional(),
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
    tokens: between(1, 1e16),
    sequenceLength: count(100_000_000).optional(),
    deadlineHours: between(0.01, 1e6).optional(),
  })
  .strict();

export const PlanFineTuningWorkloadSchema = z
  .object({
    kind: z.literal('fine-tuning'),
    method: z.enum(fineTuningMethods),
    tokens: between(1, 1e16),
    sequenceLength: count(100_000_000).optional(),
    deadlineHours: between(0.01, 1e6).optional(),
  })
  .strict();

export const PlanBatchWorkloadSchema = z
  .object({
    kind: z.literal('batch'),
    inputTokens: count(100_000_000),
    outputTokens: count(100_000_000),
    requests: count(1e12).describe('Requests in the batch (documents to summarize, rows to label, ...).'),
    deadlineHours: between(0.01, 1e5).describe('All of them done within this many hours.'),
  })
  .strict()
  .describe('Offline inference priced as a job (jobHours, jobCostUsd) on a fleet at full throughput.');

export const PlanWorkloadSchema = z.discriminatedUnion('kind', [
  PlanInferenceWorkloadSchema,
  PlanTrainingWorkloadSchema,
  PlanFineTuningWorkloadSchema,
  PlanBatchWorkloadSchema,
]);
export type PlanWorkload = z.infer<typeof PlanWorkloadSchema>;

export const ConstraintsSchema = z
  .object({
    maxHourlyUsd: between(0.001, 1e7).optional(),
    acceleratorKinds: z.array(AcceleratorKindSchema).min(1).max(3).optional(),
    instanceTypes: z.array(z.string().min(1).max(64)).min(1).max(500).optional(),
    purchaseOption: z.enum(['on-demand', 'spot']).optional(),
    ways: z
      .array(z.enum(ways))
      .min(1)
      .max(3)
      .optional()
      .describe('Which ways to consider: hardware you own, an instance, a managed model (default all).'),
  })
  .strict();

export const OwnedSchema = z
  .object({
    accelerator: z
      .string()
      .min(1)
      .max(64)
      .describe('An accelerator id from GET /v1/accelerators, e.g. "rtx-4090" or "apple-m3-max".'),
    count: count(64).optional().describe('Accelerators in the machine (default 1).'),
    memoryGiB: positive(4096)
      .optional()
      .describe('Unified-memory machines (Apple silicon): the installed RAM.'),
    label: z.string().max(100).optional().describe('How the plan names the machine, e.g. "my desktop".'),
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
    owned: z
      .array(OwnedSchema)
      .max(16)
      .optional()
      .describe('Hardware you already have: recommended first when it suffices.'),
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
  label: z
    .string()
    .describe('The hardware in words, e.g. "g5.xlarge (1x NVIDIA A10G)" or "your NVIDIA RTX 4090".'),
  instanceType: z.string().describe('The EC2 instance type; for owned hardware, its accelerator id.'),
  instanceCount: z.number().int(),
  acceleratorKind: AcceleratorKindSchema,
  precision: PrecisionSchema,
  purchaseOption: z.enum(purchaseOptions),
  hourlyUsd: z.number().describe('All instances while they run (0 for owned hardware).'),
  monthlyUsd: z
    .number()
    .describe(
      'The month at the stated usage for this way: hourly x 730 always on, x activeHoursPerDay x 30.4 part-time, the committed rate x 730, 0 owned; the job cost for training, fine-tuning and batch work.',
    ),
  costPerMillionOutputTokensUsd: z
    .number()
    .optional()
    .describe("Inference: the month over the month's output tokens at the usage."),
  jobCostUsd: z.number().optional(),
  jobHours: z.number().optional(),
  priceDerived: z
    .boolean()
    .optional()
    .describe(
      'True when a price here is derived (a regional factor, a per-family commitment discount), not a published row.',
    ),
  priceIndicative: z.boolean().optional().describe('True for spot prices: a recent minimum, not a quote.'),
  owned: z
    .object({ accelerator: z.string(), count: z.number().int(), memoryGiB: z.number(), label: z.string() })
    .optional()
    .describe('The machine you own, when the way is owned hardware.'),
  estimate: EstimateResponseSchema,
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const AlternativeSchema = RecommendationSchema.extend({ why: z.string() });
export type Alternative = z.infer<typeof AlternativeSchema>;

export const UsageSchema = z
  .object({
    requestsPerDay: z.number(),
    inputTokensPerDay: z.number(),
    outputTokensPerDay: z.number(),
    peakRequestsPerSecond: z.number(),
    peakFactor: z
      .number()
      .describe('Peak over the average rate of the daily volume (1 when a rate or concurrency was given).'),
    sequencesInFlight: z.number().describe("At peak, by Little's law on the plan's own latency."),
    activeHoursPerDay: z.number(),
    basis: z
      .enum(['requests-per-day', 'requests-per-second', 'concurrent-requests', 'assumed-personal'])
      .describe('How the volume was stated; assumed-personal: no traffic given, one person assumed.'),
  })
  .describe('What the plan was sized and priced for.');

export const ManagedWaySchema = z.object({
  provider: z.literal('amazon-bedrock'),
  modelId: z.string(),
  inputPerMillionUsd: z.number(),
  outputPerMillionUsd: z.number(),
  monthlyUsd: z.number().describe('At the stated usage.'),
  asOf: z.string(),
  why: z.string(),
});

export const CostCurveSchema = z.object({
  points: z.array(
    z.object({
      requestsPerDay: z.number(),
      selfHostedMonthlyUsd: z
        .number()
        .optional()
        .describe('Absent where no hardware carries the volume within the SLO.'),
      selfHosted: z.string().optional().describe('"<count>x <type> <option>"'),
      managedMonthlyUsd: z.number().optional(),
    }),
  ),
  breakEvenRequestsPerDay: z.number().optional().describe('Where the managed price stops being cheaper.'),
});

export const PlanOptionSummarySchema = z.object({
  label: z.string(),
  instanceType: z.string(),
  instanceCount: z.number().int(),
  acceleratorKind: AcceleratorKindSchema,
  precision: PrecisionSchema,
  purchaseOption: z.enum(purchaseOptions),
  hourlyUsd: z.number(),
  monthlyUsd: z.number(),
  decodeTokensPerSecond: z.number().optional(),
  timeToFirstTokenMs: z.number().optional(),
  jobHours: z.number().optional(),
  jobCostUsd: z.number().optional(),
  recommended: z.boolean(),
});

export const MissSchema = z
  .object({
    code: z.enum(['memory', 'decode-speed', 'first-token', 'context', 'budget', 'deadline', 'replicas']),
    instanceType: z.string(),
    instanceCount: z.number().int(),
    precision: PrecisionSchema,
    hourlyUsd: z.number(),
    factor: z.number().describe('How far off: 1 would be just enough.'),
    message: z.string(),
  })
  .catchall(z.union([z.number(), z.string(), z.boolean()]))
  .describe('A candidate that fell short, the binding constraint and its figures.');

export const PlanResponseSchema = z
  .object({
    tier: z.enum(tiers),
    recommendation: RecommendationSchema,
    alternatives: z.array(AlternativeSchema),
    rationale: z.array(z.string()),
    requirements: z
      .object({
        memoryGiB: z
          .number()
          .describe(
            "Inference: what one replica needs as planned (weights, the KV cache of its sequences, the engine's workspace and runtime). Training: the model states (weights, gradients, optimizer).",
          ),
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
    usage: UsageSchema.optional(),
    managed: z.array(ManagedWaySchema).optional(),
    costCurve: CostCurveSchema.optional(),
    options: z.array(PlanOptionSummarySchema).optional(),
    misses: z.array(MissSchema).optional(),
  })
  .superRefine(physicalNumbers);
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
