/**
 * What the planner is asked, in the domain's terms: a resolved model, the work and its demand, the
 * constraints. lib/contract builds it from the v1 request (where unknown ids become input errors).
 */
import type { Engine } from '../hardware/engines.js';
import type { InstanceAcceleratorKind } from '../hardware/instances.js';
import type { ResolvedModel } from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import type { FineTuningMethod } from '../perf/workloads.js';
import type { OwnedMachine } from './owned.js';

export interface Traffic {
  /** Sustained arrivals to size for (the peak rate). */
  requestsPerSecond?: number;
  concurrentRequests?: number;
  /** A daily volume, spread over the active hours and sized at `peakFactor` x their average. */
  requestsPerDay?: number;
  /** Hours a day the service runs (0 < h <= 24, default 24): an instance is billed for those. */
  activeHoursPerDay?: number;
  /** Peak over the average rate of a daily volume (default `REQUESTS_PER_DAY_PEAK_FACTOR`). */
  peakFactor?: number;
  /** Highest share of a replica's capacity within the SLO a fleet may run at (default 0.8). */
  targetUtilization?: number;
}

export interface Slo {
  timeToFirstTokenMs?: number;
  timePerOutputTokenMs?: number;
}

export interface InferenceDemand {
  kind: 'inference';
  inputTokens: number;
  outputTokens: number;
  traffic?: Traffic;
  slo?: Slo;
}

export interface TrainingJob {
  kind: 'training';
  tokens: number;
  sequenceLength?: number;
  deadlineHours?: number;
}

export interface FineTuningJob {
  kind: 'fine-tuning';
  method: FineTuningMethod;
  tokens: number;
  sequenceLength?: number;
  deadlineHours?: number;
}

/** Offline inference priced as a job: all the requests within the deadline, at full throughput. */
export interface BatchJob {
  kind: 'batch';
  inputTokens: number;
  outputTokens: number;
  requests: number;
  deadlineHours: number;
}

export type PlanWork = InferenceDemand | TrainingJob | FineTuningJob | BatchJob;

/** The price basis a search ranks instances by. */
export type SearchBasis = 'on-demand' | 'spot';

/** Ways to run a workload (DESIGN §8): hardware the caller owns, an instance, or a managed model. */
export const ways = ['owned', 'instance', 'managed'] as const;
export type Way = (typeof ways)[number];

export interface Constraints {
  maxHourlyUsd?: number;
  acceleratorKinds?: readonly InstanceAcceleratorKind[];
  instanceTypes?: readonly string[];
  purchaseOption?: SearchBasis;
  /** Which ways to consider (default all). */
  ways?: readonly Way[];
}

export interface PlanInput {
  model: ResolvedModel;
  /** The preset the model is, when it is one (managed prices exist only for presets). */
  presetId?: string;
  /** How: named by its id, or an architecture (a config.json) with exactly the preset's shapes. */
  presetBy?: 'id' | 'shapes';
  /** "auto": the planner may choose a quantization. Default bf16 (nf4 for QLoRA). */
  precision?: Precision | 'auto';
  region: string;
  engine?: Engine;
  workload: PlanWork;
  constraints?: Constraints;
  /** Hardware the caller already has, resolved (see lib/planner/owned.ts). */
  owned?: readonly OwnedMachine[];
}
