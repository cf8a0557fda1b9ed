import { createPricingClient, type PricingClient, type PricingClientOptions } from './aws-price-list.js';
import { fetchLiveRegion } from './aws-price-list-source.js';
import { type CatalogSnapshot, snapshotFormatVersion } from './snapshot.js';

export interface RefreshSnapshotOptions {
  region: string;
  /** Default: a standard client for `region` (`createPricingClient`). */
  client?: PricingClient;
  clientOptions?: PricingClientOptions;
  /** Overall deadline, ms. A scheduled refresh can afford a long one. Default 5 minutes. */
  deadlineMs?: number;
  now?: () => number;
}

/**
 * Builds a catalog snapshot for one region from the live Price List API. Unlike the live source it
 * does not fall back: a refresh that cannot reach the API fails, so a good snapshot is never replaced
 * by embedded prices.
 *
 * @throws PriceListError when the API fails or answers with nothing.
 * @example
 * const snapshot = await refreshSnapshot({ region: 'us-east-1' });
 * await writeSnapshot('catalog-us-east-1.json', snapshot);
 */
export async function refreshSnapshot({
  region,
  client,
  clientOptions,
  deadlineMs = 300_000,
  now = Date.now,
}: RefreshSnapshotOptions): Promise<CatalogSnapshot> {
  const pricingClient = client ?? createPricingClient(region, clientOptions);
  try {
    const { instances, pricing } = await fetchLiveRegion(region, { client: pricingClient, deadlineMs, now });
    return {
      formatVersion: snapshotFormatVersion,
      generatedAt: new Date(now()).toISOString(),
      pricing,
      instances: [...instances],
    };
  } finally {
    // Close sockets of a client made here so a CLI or Lambda invocation can finish promptly.
    if (!client) pricingClient.destroy();
  }
}
