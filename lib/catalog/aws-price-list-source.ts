import type { PricingClient } from '@aws-sdk/client-pricing';
import { fetchBedrockPrices } from './aws-bedrock-prices.js';
import { createPricingClient, fetchOnDemandOffers, type PricingClientOptions } from './aws-price-list.js';
import { embeddedPricing, embeddedRegion, findInstanceSpec } from './embedded.js';
import { PriceListError, UnknownRegionError } from './errors.js';
import { buildLiveInstances } from './live-catalog.js';
import { embeddedManagedCatalog } from './managed.js';
import { catalogRegions, isCatalogRegion, pricingEndpointRegion } from './regions.js';
import type { CatalogSource, ManagedCatalog, PricingProvenance, RegionalCatalog } from './types.js';

export interface AwsPriceListSourceOptions {
  /** A client, or a factory per region; default: `createPricingClient(region, clientOptions)`. */
  client?: PricingClient | ((region: string) => PricingClient);
  clientOptions?: PricingClientOptions;
  /** How long a live answer is reused, ms (prices change a few times a year). Default 6 hours. */
  ttlMs?: number;
  /** How long a failure is remembered before the live API is tried again, ms. Default 1 minute. */
  failureTtlMs?: number;
  /** Overall deadline for one region's pages, ms. Default 25 seconds. */
  deadlineMs?: number;
  now?: () => number;
}

interface CacheEntry<T> {
  value: T;
  expiresAt: number;
  live: boolean;
}

/**
 * Live priced catalog for one region from the Price List API, with no cache and no fallback.
 *
 * @throws PriceListError when the API fails or answers with no on-demand offer.
 */
export async function fetchLiveRegion(
  region: string,
  { client, deadlineMs, now = Date.now }: { client: PricingClient; deadlineMs?: number; now?: () => number },
): Promise<RegionalCatalog> {
  const { offers } = await fetchOnDemandOffers({
    client,
    region,
    ...(deadlineMs !== undefined && { deadlineMs }),
  });
  if (offers.length === 0)
    throw new PriceListError(`Price List returned no on-demand Linux offer for ${region}`);
  return {
    instances: buildLiveInstances(region, offers),
    pricing: {
      source: 'aws-price-list',
      asOf: new Date(now()).toISOString(),
      region,
      currency: 'USD',
      stale: false,
    },
  };
}

/**
 * Live managed (Amazon Bedrock) prices for one region from the Price List API, with no cache and no
 * fallback. `prices: []` where Bedrock serves no preset model.
 *
 * @throws PriceListError when the API fails or answers garbage.
 */
export async function fetchLiveManaged(
  region: string,
  { client, deadlineMs, now = Date.now }: { client: PricingClient; deadlineMs?: number; now?: () => number },
): Promise<ManagedCatalog> {
  const { prices } = await fetchBedrockPrices({
    client,
    region,
    now,
    ...(deadlineMs !== undefined && { deadlineMs }),
  });
  return {
    prices,
    pricing: {
      source: 'aws-price-list',
      asOf: new Date(now()).toISOString(),
      region,
      currency: 'USD',
      stale: false,
    },
  };
}

/**
 * A per-region cache of live answers with a fallback: a live answer is kept for `ttlMs`; a failure
 * answers the last live value (stale) or the fallback (stale), remembered for `failureTtlMs`.
 * Concurrent callers share one request.
 */
function liveCache<T extends { pricing: PricingProvenance }>({
  fetch,
  fallback,
  withPricing,
  ttlMs,
  failureTtlMs,
  now,
}: {
  fetch: (region: string) => Promise<T>;
  fallback: (region: string, staleReason: string) => T;
  withPricing: (value: T, pricing: PricingProvenance) => T;
  ttlMs: number;
  failureTtlMs: number;
  now: () => number;
}): (region: string) => Promise<T> {
  const cache = new Map<string, CacheEntry<T>>();
  const inFlight = new Map<string, Promise<T>>();

  async function refresh(region: string): Promise<T> {
    try {
      const value = await fetch(region);
      cache.set(region, { value, expiresAt: now() + ttlMs, live: true });
      return value;
    } catch (error) {
      const reason = `Live AWS Price List unavailable (${error instanceof Error ? error.message : String(error)})`;
      const previous = cache.get(region);
      const value = previous?.live
        ? withPricing(previous.value, {
            ...previous.value.pricing,
            stale: true,
            staleReason: `${reason}; last live prices`,
          })
        : fallback(region, `${reason}; embedded prices`);
      cache.set(region, { value, expiresAt: now() + failureTtlMs, live: previous?.live ?? false });
      return value;
    }
  }

  return async (region) => {
    if (!isCatalogRegion(region)) throw new UnknownRegionError(region, catalogRegions);
    const cached = cache.get(region);
    if (cached && cached.expiresAt > now()) return cached.value;
    let pending = inFlight.get(region);
    if (!pending) {
      pending = refresh(region).finally(() => inFlight.delete(region));
      inFlight.set(region, pending);
    }
    return pending;
  };
}

/**
 * The live source (`PRICING_SOURCE=aws`): prices from the AWS Price List API, cached per region for
 * `ttlMs`. When the API fails, `getRegion` still answers, with `pricing.stale: true` and a
 * `staleReason`: from the last live answer for the region if there is one, else from the embedded
 * catalog. Specs come from the embedded catalog. `getManagedPrices` reads the Amazon Bedrock offer the
 * same way (own cache, same fallback rules, the embedded Bedrock table as the stale fallback).
 *
 * @example
 * const source = createAwsPriceListSource();
 * const { instances, pricing } = await source.getRegion('us-east-1');
 */
export function createAwsPriceListSource({
  client,
  clientOptions,
  ttlMs = 6 * 3600_000,
  failureTtlMs = 60_000,
  deadlineMs = 25_000,
  now = Date.now,
}: AwsPriceListSourceOptions = {}): CatalogSource {
  const clients = new Map<string, PricingClient>();
  const clientFor = (region: string): PricingClient => {
    if (typeof client === 'function') return client(region);
    if (client) return client;
    // One client per Pricing endpoint region, reused across calls.
    const endpointRegion = pricingEndpointRegion(region);
    const existing = clients.get(endpointRegion);
    if (existing) return existing;
    const created = createPricingClient(region, clientOptions);
    clients.set(endpointRegion, created);
    return created;
  };
  const options = { ttlMs, failureTtlMs, now };
  const getRegion = liveCache<RegionalCatalog>({
    ...options,
    fetch: (region) => fetchLiveRegion(region, { client: clientFor(region), deadlineMs, now }),
    fallback: (region, staleReason) => ({
      instances: embeddedRegion(region).instances,
      pricing: embeddedPricing(region, staleReason),
    }),
    withPricing: (catalog, pricing) => ({ instances: catalog.instances, pricing }),
  });
  const getManagedPrices = liveCache<ManagedCatalog>({
    ...options,
    fetch: (region) => fetchLiveManaged(region, { client: clientFor(region), deadlineMs, now }),
    fallback: (region, staleReason) => embeddedManagedCatalog(region, staleReason),
    withPricing: (managed, pricing) => ({ prices: managed.prices, pricing }),
  });

  return { findInstanceSpec, regions: () => catalogRegions, getRegion, getManagedPrices };
}
