/**
 * What the planner is asked, in the domain's terms: a resolved model, the work and its demand, the
 * constraints. lib/contract builds it from the v1 request (where unknown ids become input errors).
 */
import type { Engine } from '../hardware/engines.js';
import type { InstanceAcceleratorKind } from '../hardware/instances.js';
import type { ResolvedModel } from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import type { FineTuningMethod } from '../perf/workloads.js';

export interface Traffic {
  requestsPerSecond?: number;
  concurrentRequests?: number;
  requestsPerDay?: number;
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

export type PlanWork = InferenceDemand | TrainingJob | FineTuningJob;

export type PurchaseOption = 'on-demand' | 'spot';

export interface Constraints {
  maxHourlyUsd?: number;
  acceleratorKinds?: readonly InstanceAcceleratorKind[];
  instanceTypes?: readonly string[];
  purchaseOption?: PurchaseOption;
}

export interface PlanInput {
  model: ResolvedModel;
  /** "auto": the planner may choose a quantization. Default bf16 (nf4 for QLoRA). */
  precision?: Precision | 'auto';
  region: string;
  engine?: Engine;
  workload: PlanWork;
  constraints?: Constraints;
}
