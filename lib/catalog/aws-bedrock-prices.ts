/**
 * Amazon Bedrock per-token prices from the AWS Price List Query API (`GetProducts`, service code
 * `AmazonBedrock`), through the same Pricing client as the EC2 prices, all pages, decoys skipped
 * (bedrock-price-item.ts).
 *
 * `AmazonBedrockFoundationModels` is not asked by default: it carries marketplace models (Claude,
 * Cohere, AI21, Writer), none of which has a preset. `serviceCodes` can add it; its per-1M-token
 * rows parse the same way.
 */
import type { Filter, PricingClient } from '@aws-sdk/client-pricing';
import { countReason, fetchPriceListPages } from './aws-price-list.js';
import { type BedrockPriceRow, managedPricesFromRows, parseBedrockPriceItem } from './bedrock-price-item.js';
import { PriceListError } from './errors.js';
import type { ManagedModelPrice } from './types.js';

export interface FetchBedrockPricesOptions {
  client: PricingClient;
  region: string;
  /** Default `['AmazonBedrock']`. */
  serviceCodes?: readonly string[];
  /** Overall deadline for all pages of all service codes, ms. */
  deadlineMs?: number;
  maxPages?: number;
  now?: () => number;
}

export interface BedrockPrices {
  /** Prices of the models that have presets (`[]` where Bedrock serves none in the region). */
  prices: ManagedModelPrice[];
  /** Every standard on-demand or batch token row read, preset or not. */
  rows: BedrockPriceRow[];
  /** Items that are not such rows (batch tiers, cache, provisioned, malformed, ...), by reason. */
  rejected: Record<string, number>;
  pages: number;
  items: number;
}

/** The `GetProducts` filters selecting one region's Bedrock products. */
export function bedrockFilters(region: string): Filter[] {
  return [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }];
}

/**
 * The managed prices of the preset models in `region`, from every page of the Bedrock offers.
 *
 * A region where Bedrock sells nothing (no item) or no preset model answers `prices: []`. Items of
 * which not one is a standard token price (all malformed or decoys) are a failure, not an offer.
 *
 * @throws PriceListError when a request fails after the SDK's retries, the deadline passes, or no
 * item is a token price.
 */
export async function fetchBedrockPrices({
  client,
  region,
  serviceCodes = ['AmazonBedrock'],
  deadlineMs = 60_000,
  maxPages = 500,
  now = Date.now,
}: FetchBedrockPricesOptions): Promise<BedrockPrices> {
  const started = now();
  const result: BedrockPrices = { prices: [], rows: [], rejected: {}, pages: 0, items: 0 };
  for (const serviceCode of serviceCodes) {
    const remaining = deadlineMs - (now() - started);
    if (remaining <= 0)
      throw new PriceListError(
        `Price List request for Amazon Bedrock in ${region} exceeded its ${deadlineMs} ms deadline`,
      );
    const { pages, items } = await fetchPriceListPages({
      client,
      serviceCode,
      filters: bedrockFilters(region),
      label: `${serviceCode} in ${region}`,
      deadlineMs: remaining,
      maxPages,
      onItem(item) {
        const parsed = parseBedrockPriceItem(item);
        if (!parsed.ok) return countReason(result.rejected, parsed.reason);
        if (parsed.row.region !== region)
          return countReason(result.rejected, `regionCode is ${parsed.row.region}, not ${region}`);
        result.rows.push(parsed.row);
      },
    });
    result.pages += pages;
    result.items += items;
  }
  // Where Bedrock sells anything it sells standard text tokens (Amazon's own models at least): items
  // without a single such row are garbage, not an offer.
  if (result.items > 0 && result.rows.length === 0)
    throw new PriceListError(`Price List returned no Amazon Bedrock token price for ${region}`);
  result.prices = managedPricesFromRows(region, result.rows, {
    asOf: new Date(now()).toISOString(),
    source: `AWS Price List API (${serviceCodes.join(', ')}), on-demand input and output token rows for ${region}`,
  });
  return result;
}
