import { createPricingClient, type PricingClient, type PricingClientOptions } from './aws-price-list.js';
import { fetchLiveManaged, fetchLiveRegion } from './aws-price-list-source.js';
// Types only: the EC2 client (about 190 ms to load) is imported when a refresh reads spot prices,
// not by every importer of lib/catalog.
import type { EC2Client, Ec2ClientOptions } from './aws-spot-prices.js';
import { embeddedPricesAsOf } from './embedded.js';
import { PriceListError } from './errors.js';
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

  /** Live spot readings, or why there are none; undefined when spot prices are not read. */
  async function readSpot(
    instanceTypes: string[],
    spotDeadlineMs: number,
  ): Promise<
    { readings: Map<string, { hourlyUsd: number }>; asOf: string } | { staleReason: string } | undefined
  > {
    if (!ec2 || !spotClient) return undefined;
    const asOf = new Date(now()).toISOString();
    try {
      const { readings } = await ec2.fetchSpotPrices({
        client: spotClient,
        region,
        instanceTypes,
        windowHours: spotWindowHours,
        deadlineMs: spotDeadlineMs,
        now,
      });
      return { readings, asOf };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { staleReason: `Live spot prices unavailable (${why}); embedded indicative prices` };
    }
  }
  const started = now();
  // One deadline for the whole refresh: EC2 products first (spot needs their types), then Bedrock
  // products and spot prices side by side in what is left.
  const remaining = () => {
    const left = deadlineMs - (now() - started);
    if (left <= 0)
      throw new PriceListError(`Catalog refresh for ${region} exceeded its ${deadlineMs} ms deadline`);
    return left;
  };
  try {
    const { instances, pricing } = await fetchLiveRegion(region, { client: pricingClient, deadlineMs, now });
    const spotTypes = instances.filter((i) => i.onDemandHourlyUsd !== undefined).map((i) => i.instanceType);
    const [managed, spotRead] = await Promise.all([
      fetchLiveManaged(region, { client: pricingClient, deadlineMs: remaining(), now }),
      readSpot(spotTypes, remaining()),
    ]);
    let spotPricing: SpotPricing = { source: 'embedded', asOf: embeddedPricesAsOf };
    let priced = [...instances];
    if (spotRead && 'readings' in spotRead) {
      priced = withLiveSpot(instances, spotRead.readings, spotRead.asOf);
      spotPricing = { source: 'ec2-spot-price-history', asOf: spotRead.asOf, windowHours: spotWindowHours };
    } else if (spotRead) {
      spotPricing = { source: 'embedded', asOf: embeddedPricesAsOf, staleReason: spotRead.staleReason };
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
