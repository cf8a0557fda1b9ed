import { createPricingClient, type PricingClient, type PricingClientOptions } from './aws-price-list.js';
import { fetchLiveManaged, fetchLiveRegion } from './aws-price-list-source.js';
// Types only: the EC2 client (about 190 ms to load) is imported when a refresh reads spot prices,
// not by every importer of lib/catalog.
import type { EC2Client, Ec2ClientOptions } from './aws-spot-prices.js';
import { embeddedPricesAsOf } from './embedded.js';
import { type CatalogSnapshot, type SpotPricing, snapshotFormatVersion } from './snapshot.js';
import type { PricedInstance } from './types.js';

export interface RefreshSnapshotOptions {
  region: string;
  /** Default: a standard client for `region` (`createPricingClient`). */
  client?: PricingClient;
  clientOptions?: PricingClientOptions;
  /** Default: a standard EC2 client for `region` (`createEc2Client`), for spot prices. */
  ec2Client?: EC2Client;
  ec2ClientOptions?: Ec2ClientOptions;
  /**
   * `live` (default): read spot prices with `DescribeSpotPriceHistory`, keeping the embedded
   * indicative ones (and saying why in `spotPricing`) when that fails; `embedded`: do not call EC2.
   */
  spot?: 'live' | 'embedded';
  /** The window the spot minimum over zones is taken over, hours. Default 24. */
  spotWindowHours?: number;
  /** Overall deadline, ms. A scheduled refresh can afford a long one. Default 5 minutes. */
  deadlineMs?: number;
  now?: () => number;
}

/** Instances with live spot readings where there are any (a priced type without one has no spot offer). */
function withLiveSpot(
  instances: readonly PricedInstance[],
  readings: Map<string, { hourlyUsd: number }>,
  asOf: string,
): PricedInstance[] {
  return instances.map((instance) => {
    const { spotHourlyUsd, spotIndicative, spotAsOf, ...rest } = instance;
    const reading = readings.get(instance.instanceType);
    if (reading) return { ...rest, spotHourlyUsd: reading.hourlyUsd, spotIndicative: false, spotAsOf: asOf };
    // Unpriced types were not asked about: they keep what the embedded catalog says.
    return instance.onDemandHourlyUsd === undefined ? instance : rest;
  });
}

/**
 * Builds a catalog snapshot for one region from the live APIs: on-demand and Reserved prices and
 * Amazon Bedrock per-token prices from the Price List, spot prices from EC2
 * `DescribeSpotPriceHistory`. Unlike the live source it does not fall back for Price List prices: a
 * refresh that cannot reach the Price List fails, so a good snapshot is never replaced by embedded
 * prices. Spot prices are best effort: when EC2 cannot be read the snapshot keeps the embedded
 * indicative ones and `spotPricing` says why.
 *
 * @throws PriceListError when the Price List fails or answers with nothing.
 * @example
 * const snapshot = await refreshSnapshot({ region: 'us-east-1' });
 * await writeSnapshot('catalog-us-east-1.json', snapshot);
 */
export async function refreshSnapshot({
  region,
  client,
  clientOptions,
  ec2Client,
  ec2ClientOptions,
  spot = 'live',
  spotWindowHours = 24,
  deadlineMs = 300_000,
  now = Date.now,
}: RefreshSnapshotOptions): Promise<CatalogSnapshot> {
  const pricingClient = client ?? createPricingClient(region, clientOptions);
  const ec2 = spot === 'live' ? await import('./aws-spot-prices.js') : undefined;
  const spotClient = ec2 && (ec2Client ?? ec2.createEc2Client(region, ec2ClientOptions));
  try {
    const { instances, pricing } = await fetchLiveRegion(region, { client: pricingClient, deadlineMs, now });
    const managed = await fetchLiveManaged(region, { client: pricingClient, deadlineMs, now });
    let spotPricing: SpotPricing = { source: 'embedded', asOf: embeddedPricesAsOf };
    let priced = [...instances];
    if (ec2 && spotClient) {
      const asOf = new Date(now()).toISOString();
      try {
        const { readings } = await ec2.fetchSpotPrices({
          client: spotClient,
          region,
          instanceTypes: instances
            .filter((i) => i.onDemandHourlyUsd !== undefined)
            .map((i) => i.instanceType),
          windowHours: spotWindowHours,
          deadlineMs,
          now,
        });
        priced = withLiveSpot(instances, readings, asOf);
        spotPricing = { source: 'ec2-spot-price-history', asOf, windowHours: spotWindowHours };
      } catch (error) {
        spotPricing = {
          source: 'embedded',
          asOf: embeddedPricesAsOf,
          staleReason: `Live spot prices unavailable (${error instanceof Error ? error.message : String(error)}); embedded indicative prices`,
        };
      }
    }
    return {
      formatVersion: snapshotFormatVersion,
      generatedAt: new Date(now()).toISOString(),
      pricing,
      instances: priced,
      spotPricing,
      managed: { prices: [...managed.prices], pricing: managed.pricing },
    };
  } finally {
    // Close sockets of clients made here so a CLI or Lambda invocation can finish promptly.
    if (!client) pricingClient.destroy();
    if (spotClient && !ec2Client) spotClient.destroy();
  }
}
