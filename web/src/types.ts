/**
 * The shapes the page reads: the v1 contract's types (imported as types only, nothing of zod is
 * bundled) plus the fields the plans answer is gaining (DESIGN §8), all optional here so the page
 * works with an API that does not send them yet and draws them as soon as it does.
 */

import type { z } from 'zod';
import type {
  AcceleratorListItemSchema,
  Alternative,
  PlanResponse as ContractPlanResponse,
  ModelListItemSchema,
  Recommendation,
} from '../../lib/contract/plan.js';
import type { EstimateResponse } from '../../lib/contract/schemas.js';

export type { EstimateResponse };
export type ModelListItem = z.infer<typeof ModelListItemSchema>;
export type AcceleratorListItem = z.infer<typeof AcceleratorListItemSchema> & { kind: string };

export interface Uncertainty {
  family: string;
  typicalErrorFactor: number;
  cases: number;
}

/** What the planned additions add to the recommendation and every alternative. */
export interface ChoiceAdditions {
  label?: string;
  purchaseOption?: string;
  priceDerived?: boolean;
  priceIndicative?: boolean;
  estimate: EstimateResponse & { uncertainty?: Uncertainty };
}

export type Choice = Omit<Recommendation, 'purchaseOption' | 'estimate'> & ChoiceAdditions;
export type AlternativeChoice = Omit<Alternative, 'purchaseOption' | 'estimate'> & ChoiceAdditions;

export interface Usage {
  requestsPerDay: number;
  inputTokensPerDay: number;
  outputTokensPerDay: number;
  peakRequestsPerSecond: number;
  peakFactor?: number;
  sequencesInFlight: number;
  activeHoursPerDay: number;
}

export interface ManagedOffer {
  provider: string;
  modelId: string;
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
  monthlyUsd: number;
  asOf: string;
  why: string;
}

export interface CostCurvePoint {
  requestsPerDay: number;
  selfHostedMonthlyUsd: number;
  selfHosted: string;
  managedMonthlyUsd?: number;
}

export interface CostCurve {
  points: CostCurvePoint[];
  breakEvenRequestsPerDay?: number;
}

export interface PlanOption {
  label: string;
  instanceType: string;
  instanceCount: number;
  acceleratorKind: string;
  precision: string;
  purchaseOption: string;
  hourlyUsd: number;
  monthlyUsd: number;
  decodeTokensPerSecond?: number;
  timeToFirstTokenMs?: number;
  jobHours?: number;
  jobCostUsd?: number;
  recommended: boolean;
}

export interface PlanMiss {
  code: string;
  label: string;
  instanceType: string;
  instanceCount: number;
  precision: string;
  hourlyUsd: number;
  factor: number;
  message: string;
}

export type PlanResponse = Omit<ContractPlanResponse, 'recommendation' | 'alternatives'> & {
  recommendation: Choice;
  alternatives: AlternativeChoice[];
  usage?: Usage;
  managed?: ManagedOffer[];
  costCurve?: CostCurve;
  options?: PlanOption[];
  misses?: PlanMiss[];
};

/** RFC 9457 problem details, as the API answers errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; message: string }[];
}

/** Where `planner ui --url` sends the page's calls (for "copy as curl"); absent when same-origin. */
export interface ApiTarget {
  url: string;
  region: string;
}
