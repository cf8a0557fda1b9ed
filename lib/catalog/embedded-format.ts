/**
 * The shape of the generated embedded catalog (`embedded-data.ts`): one compact row per instance
 * type with its us-east-1 price, real regional rows where the reference has them, and per-region
 * factors for the rest. Family facts (host CPU, accelerator) live in `families.ts`.
 */

/** [instanceType, vcpus, memoryGiB, acceleratorCount, networkGbps, us-east-1 on-demand USD/h or null]. */
export type EmbeddedInstanceRow = readonly [string, number, number, number, number, number | null];

/** [instanceType, region, on-demand USD/h or null, spot minimum over zones USD/h or null]. */
export type EmbeddedRegionalRow = readonly [string, string, number | null, number | null];

/** Multipliers on the us-east-1 price for a region without a real row for a type. */
export interface RegionalFactor {
  /** x86_64 instances without accelerators. */
  x86Cpu: number;
  /** Graviton (arm64) instances without accelerators: priced apart, e.g. much cheaper in ap-south-1. */
  arm64Cpu: number;
  /** GPU and Neuron instances. */
  accelerator: number;
  /** Where the factors come from (sample rows, or an assumption). */
  basis: string;
}

export interface EmbeddedCatalogData {
  /** Date of the prices (YYYY-MM-DD). */
  pricesAsOf: string;
  /** Provenance of each kind of figure. */
  sources: { specs: string; baseRegionPrices: string; regionalPrices: string; spotPrices: string };
  instances: readonly EmbeddedInstanceRow[];
  regionalFactors: Readonly<Record<string, RegionalFactor>>;
  regionalRows: readonly EmbeddedRegionalRow[];
}
