/**
 * What the planner answers, as data: the tier, the chosen option and the alternatives with why each
 * is worth a look, the reasons (rationale) as codes with their figures, what the workload needs,
 * the usage it was sized for, managed per-token prices and the cost curve, the options the search
 * kept and the misses, and where the prices come from. lib/contract words and rounds it.
 */
import type { PricingProvenance } from '../catalog/types.js';
import type { InstanceAcceleratorKind } from '../hardware/instances.js';
import type { Precision } from '../model/precisions.js';
import type { CostCurve } from './curve.js';
import type { ManagedOption } from './managed.js';
import type { PlanMiss, PlanOption, SearchStats } from './options.js';
import type { Usage, VolumeBasis } from './usage.js';

export const tiers = ['personal', 'large-model', 'customer-facing'] as const;
export type Tier = (typeof tiers)[number];

/** Why an alternative is shown next to the recommendation. `costRatio` is against the recommendation's month. */
export type AlternativeReason =
  | { code: 'fastest'; speedup: number; costRatio: number }
  | { code: 'cheapest-of-kind'; kind: InstanceAcceleratorKind; costRatio: number }
  /** `speedRatio`: its speed over the recommendation's (a runner-up that costs less lost a tie). */
  | { code: 'runner-up'; costRatio: number; speedRatio: number }
  | { code: 'spot'; sameHardware: boolean; costRatio: number }
  /** The recommendation is owned hardware: the cheapest way to run it in the cloud instead. */
  | { code: 'cheapest-cloud'; costRatio: number }
  /** The same hardware committed for a term: what it saves against the recommendation's month. */
  | { code: 'committed'; savingUsd: number; savingFraction: number; costRatio: number }
  /** The same hardware started only for the hours it is needed. */
  | { code: 'part-time'; activeHoursPerDay: number; assumedHours: boolean; costRatio: number };

export interface Alternative {
  option: PlanOption;
  why: AlternativeReason;
}

/** One reason of the plan, in the order the rationale gives them. */
export type RationaleItem =
  | {
      code: 'default-slo';
      demand: 'personal' | 'customer-facing';
      timeToFirstTokenMs: number;
      timePerOutputTokenMs: number;
    }
  | { code: 'assumed-usage'; requestsPerDay: number }
  | {
      code: 'daily-peak';
      requestsPerDay: number;
      peakRequestsPerSecond: number;
      peakFactor: number;
      activeHoursPerDay: number;
    }
  | {
      code: 'inference-needs';
      model: string;
      precision: Precision;
      weightsGiB: number;
      kvCacheGiBPerSequence: number;
      sequenceTokens: number;
    }
  | {
      code: 'replicas';
      requestsPerSecondPerReplica: number;
      replicas: number;
      sequencesInFlight: number;
      /** Customer-facing fleets keep headroom: each replica at most this share of its capacity. */
      targetUtilization?: number;
    }
  | {
      code: 'training-needs';
      model: string;
      work: 'training' | 'full' | 'lora' | 'qlora';
      tokens: number;
      flops: number;
      deadlineHours?: number;
    }
  | {
      code: 'tier';
      tier: Tier;
      replicas: number;
      accelerators: number;
      perDeviceGiB: number;
      largeModelGiB: number;
      /** Inference: requests in flight at peak, and how the volume was stated. */
      sequencesInFlight?: number;
      /** A job (training, fine-tuning, batch): instances it runs on. */
      job?: boolean;
      instances?: number;
      basis?: VolumeBasis;
    }
  | {
      code: 'batch-needs';
      model: string;
      requests: number;
      inputTokens: number;
      outputTokens: number;
      tokens: number;
      deadlineHours: number;
      flops: number;
    }
  | {
      code: 'managed-batch';
      managed?: ManagedOption;
      missing?: 'custom-model' | 'not-offered' | 'excluded';
      jobCostUsd: number;
    }
  | { code: 'cheapest'; option: PlanOption; searched: number; cheaperMiss?: PlanMiss }
  /** The search ranked instances by spot price: only the types with one were candidates. */
  | { code: 'spot-basis'; typesWithSpot: number; typesOnDemand: number; indicative: boolean }
  | {
      code: 'owned-fits';
      option: PlanOption;
      /** It misses a default SLO (not one the caller stated) by at most the slack, and is kept. */
      underDefault?: {
        sloField: 'timePerOutputTokenMs' | 'timeToFirstTokenMs';
        defaultValue: number;
        slack: number;
      };
    }
  | { code: 'owned-short'; miss: PlanMiss; label: string }
  /** The architecture given has a preset's shapes: its managed price is the comparison. */
  | { code: 'preset-shapes'; preset: string }
  | { code: 'part-time'; activeHoursPerDay: number; monthlyUsd: number }
  | {
      code: 'managed';
      managed?: ManagedOption;
      /** Why there is no managed price, when there is none. */
      missing?: 'custom-model' | 'not-offered' | 'excluded';
      curve?: CostCurve;
      usage: Usage;
      recommendationMonthlyUsd: number;
    };

export interface Requirements {
  /** Weights plus the KV cache (or training state) the workload needs, any hardware. */
  memoryGiB: number;
  weightsGiB: number;
  kvCacheGiB?: number;
  concurrentSequences?: number;
  requestsPerSecond?: number;
  /** Per sequence, from the SLO. */
  decodeTokensPerSecond?: number;
  timeToFirstTokenMs?: number;
  trainingFlops?: number;
  deadlineHours?: number;
}

export interface Plan {
  /** The kind of work planned. */
  work: 'inference' | 'batch' | 'training' | 'fine-tuning';
  tier: Tier;
  recommendation: PlanOption;
  alternatives: Alternative[];
  rationale: RationaleItem[];
  requirements: Requirements;
  pricing: PricingProvenance;
  /** Inference: what the plan was sized and priced for. */
  usage?: Usage;
  /** Managed per-token ways at the usage, cheapest first ([] when none). */
  managed: ManagedOption[];
  costCurve?: CostCurve;
  /** The options the search kept, priced at the usage (the recommendation among them). */
  options: PlanOption[];
  /** The nearest misses, nearest first. */
  misses: PlanMiss[];
  /** What the search did (not part of the v1 response; the bench reports it). */
  search: SearchStats;
}
