/**
 * The shapes the page reads: the v1 contract's types (imported as types only: nothing of zod is
 * bundled). Everything DESIGN §8 added to the plans answer is optional there, and the page draws
 * each part only when it is present, so it also works through `planner ui` with an older deployed
 * API. `estimate.uncertainty` (the calibration ledger, issue 11) is read when an answer has it.
 */
import type { z } from 'zod';
import type {
  AcceleratorListItemSchema,
  Alternative,
  PlanResponse as ContractPlanResponse,
  CostCurveSchema,
  ManagedWaySchema,
  MissSchema,
  ModelListItemSchema,
  PlanOptionSummarySchema,
  Recommendation,
  UsageSchema,
} from '../../lib/contract/plan.js';
import type { EstimateResponse } from '../../lib/contract/schemas.js';

export type { EstimateResponse };
export type ModelListItem = z.infer<typeof ModelListItemSchema>;
export type AcceleratorListItem = z.infer<typeof AcceleratorListItemSchema>;
export type Usage = z.infer<typeof UsageSchema>;
export type ManagedOffer = z.infer<typeof ManagedWaySchema>;
export type CostCurve = z.infer<typeof CostCurveSchema>;
export type CostCurvePoint = CostCurve['points'][number];
export type PlanOption = z.infer<typeof PlanOptionSummarySchema>;
export type PlanMiss = z.infer<typeof MissSchema> & { label?: string };

export interface Uncertainty {
  family: string;
  typicalErrorFactor: number;
  cases: number;
}

/** A recommendation or alternative; `label` may be missing from an older API's answer. */
type WithOptionalLabel<T extends { label: string; estimate: EstimateResponse }> = Omit<
  T,
  'label' | 'estimate'
> & {
  label?: string;
  estimate: EstimateResponse & { uncertainty?: Uncertainty };
};
export type Choice = WithOptionalLabel<Recommendation>;
export type AlternativeChoice = WithOptionalLabel<Alternative>;

export type PlanResponse = Omit<ContractPlanResponse, 'recommendation' | 'alternatives' | 'misses'> & {
  recommendation: Choice;
  alternatives: AlternativeChoice[];
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
