import type { InstanceSpec } from '../hardware/instances.js';

export type { InstanceAcceleratorKind, InstanceSpec } from '../hardware/instances.js';

export type CommitmentTerm = 'reserved-1yr' | 'reserved-3yr' | 'savings-plan-1yr' | 'savings-plan-3yr';

/** A committed price for an instance type: the effective rate of a 1- or 3-year commitment. */
export interface CommitmentPrice {
  term: CommitmentTerm;
  /** Effective USD per hour over the term, upfront fees amortized over the term's hours. */
  hourlyUsd: number;
  paymentOption: 'No Upfront' | 'Partial Upfront' | 'All Upfront';
  /** True when derived from the on-demand price by a documented per-family discount, not a published rate. */
  derived: boolean;
  source: string;
}

/** An instance with its price in one region. */
export interface PricedInstance extends InstanceSpec {
  region: string;
  /** Undefined when the type has no on-demand price there (e.g. Capacity Blocks only). */
  onDemandHourlyUsd?: number;
  /** True when the regional price is derived from us-east-1 by a regional factor, not a real row. */
  onDemandDerived?: boolean;
  /** Indicative spot price (recent minimum over zones); not a quote. */
  spotHourlyUsd?: number;
  /** Why the type is listed but not offered on demand, when that is so. */
  unavailableReason?: string;
  /** Committed prices (one per term at most). */
  commitments?: readonly CommitmentPrice[];
  /** True for the embedded excerpt's spot prices; false for a live DescribeSpotPriceHistory reading. */
  spotIndicative?: boolean;
  spotAsOf?: string;
}

/** Amazon Bedrock's on-demand price for an open-weight model that has a preset. */
export interface ManagedModelPrice {
  provider: 'amazon-bedrock';
  /** The preset id, e.g. 'llama-3.1-8b'. */
  model: string;
  /** Bedrock model id, e.g. 'meta.llama3-1-8b-instruct-v1:0'. */
  modelId: string;
  /** The Price List `model` attribute, e.g. 'Llama 3.1 8B Instruct'. */
  displayName: string;
  region: string;
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
  /** Bedrock batch inference (half of on demand). */
  batchInputPerMillionUsd?: number;
  batchOutputPerMillionUsd?: number;
  /** True when batch = on-demand x 0.5 rather than a published row. */
  batchDerived?: boolean;
  asOf: string;
  source: string;
}

export interface ManagedCatalog {
  prices: readonly ManagedModelPrice[];
  pricing: PricingProvenance;
}

export type PricingSourceName = 'embedded' | 'aws-price-list' | 'snapshot';

export interface PricingProvenance {
  source: PricingSourceName;
  /** ISO date (YYYY-MM-DD) or timestamp of the prices. */
  asOf: string;
  region: string;
  currency: 'USD';
  stale: boolean;
  /** Why the answer is stale (the live source failed, the snapshot is old), when it is. */
  staleReason?: string;
}

export interface RegionalCatalog {
  instances: readonly PricedInstance[];
  pricing: PricingProvenance;
}

/** Where the planner gets instances and prices: embedded snapshot, live Price List API, or a snapshot file. */
export interface CatalogSource {
  /** Instance specs, region independent; synchronous so estimates need no I/O. */
  findInstanceSpec(instanceType: string): InstanceSpec | undefined;
  /** Priced instances for a region. Never rejects for a source failure: falls back and says so. */
  getRegion(region: string): Promise<RegionalCatalog>;
  regions(): readonly string[];
  /**
   * Managed per-token prices in a region ([] where none). Never rejects for a source failure: falls
   * back (embedded table) and says so in `pricing`. Optional until every source has it.
   */
  getManagedPrices?(region: string): Promise<ManagedCatalog>;
}
