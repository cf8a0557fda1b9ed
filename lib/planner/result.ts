/**
 * What the planner answers, as data: the tier, the chosen option and the alternatives with why each
 * is worth a look, the reasons (rationale) as codes with their figures, what the workload needs,
 * and where the prices come from. lib/contract words and rounds it for the v1 response.
 */
import type { PricingProvenance } from '../catalog/types.js';
import type { InstanceAcceleratorKind } from '../hardware/instances.js';
import type { Precision } from '../model/precisions.js';
import type { PlanMiss, PlanOption, SearchStats } from './options.js';

export const tiers = ['personal', 'large-model', 'customer-facing'] as const;
export type Tier = (typeof tiers)[number];

/** Why an alternative is shown next to the recommendation. */
export type AlternativeReason =
  | { code: 'fastest'; speedup: number; costRatio: number }
  | { code: 'cheapest-of-kind'; kind: InstanceAcceleratorKind; costRatio: number }
  | { code: 'runner-up'; costRatio: number }
  | { code: 'spot'; sameHardware: boolean; costRatio: number };

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
  | { code: 'daily-peak'; requestsPerDay: number; peakRequestsPerSecond: number; peakFactor: number }
  | {
      code: 'inference-needs';
      model: string;
      precision: Precision;
      weightsGiB: number;
      kvCacheGiBPerSequence: number;
      sequenceTokens: number;
    }
  | { code: 'replicas'; requestsPerSecondPerReplica: number; replicas: number; sequencesInFlight: number }
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
    }
  | { code: 'cheapest'; option: PlanOption; searched: number; cheaperMiss?: PlanMiss };

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
  tier: Tier;
  recommendation: PlanOption;
  alternatives: Alternative[];
  rationale: RationaleItem[];
  requirements: Requirements;
  pricing: PricingProvenance;
  /** What the search did (not part of the v1 response; the bench reports it). */
  search: SearchStats;
}
