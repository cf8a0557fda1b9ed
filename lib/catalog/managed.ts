/**
 * Managed per-token prices from the embedded table (`managed-data.ts`, generated from the public
 * reference data): Amazon Bedrock on-demand prices of the models that have presets, with batch
 * inference at half of on demand (flagged `batchDerived`).
 */
import { UnknownRegionError } from './errors.js';
import { embeddedManagedData } from './managed-data.js';
import { catalogRegions, isCatalogRegion } from './regions.js';
import type { ManagedCatalog, ManagedModelPrice, PricingProvenance } from './types.js';

/** The newest date among the embedded managed rows (ISO 8601, as precise as the sources). */
export const embeddedManagedAsOf: string = embeddedManagedData.pricesAsOf;

/** Batch inference on Bedrock costs this fraction of the on-demand per-token price. */
export const bedrockBatchFraction = 0.5;

const roundUsd = (value: number) => Number(value.toFixed(6));

/** Batch prices derived from on-demand ones (Bedrock bills batch at half the on-demand rate). */
export function derivedBatchPrices(
  inputPerMillionUsd: number,
  outputPerMillionUsd: number,
): Pick<ManagedModelPrice, 'batchInputPerMillionUsd' | 'batchOutputPerMillionUsd' | 'batchDerived'> {
  return {
    batchInputPerMillionUsd: roundUsd(inputPerMillionUsd * bedrockBatchFraction),
    batchOutputPerMillionUsd: roundUsd(outputPerMillionUsd * bedrockBatchFraction),
    batchDerived: true,
  };
}

const pricesByRegion = new Map<string, ManagedModelPrice[]>();
for (const [
  model,
  modelId,
  displayName,
  region,
  input,
  output,
  asOf,
  source,
  note,
] of embeddedManagedData.rows) {
  const price: ManagedModelPrice = {
    provider: 'amazon-bedrock',
    model,
    modelId,
    displayName,
    region,
    inputPerMillionUsd: input,
    outputPerMillionUsd: output,
    ...derivedBatchPrices(input, output),
    asOf,
    source: `${source}; batch: ${embeddedManagedData.batchBasis}`,
    ...(note !== null && { note }),
  };
  pricesByRegion.set(region, [...(pricesByRegion.get(region) ?? []), price]);
}

/** The provenance block of embedded managed answers for `region`. */
export function embeddedManagedPricing(region: string, staleReason?: string): PricingProvenance {
  return {
    source: 'embedded',
    asOf: embeddedManagedAsOf,
    region,
    currency: 'USD',
    stale: staleReason !== undefined,
    ...(staleReason !== undefined && { staleReason }),
  };
}

/**
 * The embedded managed prices in one region (`prices: []` where Bedrock serves no preset model).
 *
 * @throws UnknownRegionError for a region outside `catalogRegions`.
 * @example
 * embeddedManagedCatalog('us-east-1').prices.find((p) => p.model === 'llama-3.1-8b')?.inputPerMillionUsd; // 0.22
 */
export function embeddedManagedCatalog(region: string, staleReason?: string): ManagedCatalog {
  if (!isCatalogRegion(region)) throw new UnknownRegionError(region, catalogRegions);
  return { prices: pricesByRegion.get(region) ?? [], pricing: embeddedManagedPricing(region, staleReason) };
}

/**
 * The cheapest managed price for a preset (by input plus output per million tokens), or undefined
 * when none is offered. A preset can have several rows (Llama 3.1 and 3.3 70B for `llama-3.1-70b`).
 */
export function cheapestManagedPrice(
  prices: readonly ManagedModelPrice[],
  model: string,
): ManagedModelPrice | undefined {
  let best: ManagedModelPrice | undefined;
  for (const price of prices) {
    if (price.model !== model) continue;
    const cost = price.inputPerMillionUsd + price.outputPerMillionUsd;
    if (!best || cost < best.inputPerMillionUsd + best.outputPerMillionUsd) best = price;
  }
  return best;
}
