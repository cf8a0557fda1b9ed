import type { InstanceSpec } from '../hardware/instances.js';

export type { InstanceAcceleratorKind, InstanceSpec } from '../hardware/instances.js';

/** A 1- or 3-year commitment: an EC2 Reserved Instance or a Savings Plan. */
export type CommitmentTerm = 'reserved-1yr' | 'reserved-3yr' | 'savings-plan-1yr' | 'savings-plan-3yr';

/** The price of running an instance under a commitment term. */
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
  /** Recent minimum over zones; not a quote. */
  spotHourlyUsd?: number;
  /**
   * True for the embedded excerpt's spot price (indicative, of unknown date); false for a live
   * `DescribeSpotPriceHistory` reading (then `spotAsOf` says when). Absent without a spot price.
   */
  spotIndicative?: boolean;
  /** When a live spot price was read (ISO timestamp); absent for indicative prices. */
  spotAsOf?: string;
  /**
   * Commitment prices, one per term at most. Live: the Price List `Reserved` terms of the same item,
   * standard offering class before convertible and, within a class, No Upfront before Partial
   * Upfront before All Upfront (so the figure is what a monthly bill shows). Embedded: the on-demand
   * price times a documented per-family discount, `derived: true`. Absent when none is sold.
   */
  commitments?: readonly CommitmentPrice[];
  /** Why the type is listed but not offered on demand, when that is so. */
  unavailableReason?: string;
}

export type PricingSourceName = 'embedded' | 'aws-price-list' | 'snapshot';

export interface PricingProvenance {
  source: PricingSourceName;
  /**
   * ISO 8601 date or timestamp of the prices: YYYY-MM-DD or a timestamp, or the reduced precision
   * (YYYY-MM, YYYY) a source gives when it dates its figures no finer.
   */
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

/** An open-weight model served per token by a managed service, in one region. */
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
  /** Date of the price (ISO 8601, reduced precision where the source gives no finer date). */
  asOf: string;
  source: string;
  /** A remark on the match, e.g. that the served model is a later release of the preset's architecture. */
  note?: string;
}

/**
 * Managed per-token prices in one region. A preset may have several rows (e.g. Llama 3.1 and 3.3 70B
 * for `llama-3.1-70b`): `cheapestManagedPrice` picks one.
 */
export interface ManagedCatalog {
  prices: readonly ManagedModelPrice[];
  pricing: PricingProvenance;
}

/** Where the planner gets instances and prices: embedded snapshot, live Price List API, or a snapshot file. */
export interface CatalogSource {
  /** Instance specs, region independent; synchronous so estimates need no I/O. */
  findInstanceSpec(instanceType: string): InstanceSpec | undefined;
  /** Priced instances for a region. Never rejects for a source failure: falls back and says so. */
  getRegion(region: string): Promise<RegionalCatalog>;
  /** Managed per-token prices in a region ([] where none). Never rejects for a source failure: falls back (embedded table) and says so in `pricing`. */
  getManagedPrices(region: string): Promise<ManagedCatalog>;
  regions(): readonly string[];
}
