import type { InstanceSpec } from '../hardware/instances.js';

export type { InstanceAcceleratorKind, InstanceSpec } from '../hardware/instances.js';

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
}
