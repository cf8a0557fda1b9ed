/**
 * The AWS Price List Query API (`GetProducts`) client side: client configuration, the on-demand Linux
 * filters, pagination and an overall deadline. This file and other `lib/catalog/aws*` files are the
 * only ones that import the AWS SDK.
 *
 * Configuration is standard: the default credential chain, the Pricing endpoint region nearest the
 * region asked about, and `AWS_ENDPOINT_URL_PRICING` (or `AWS_ENDPOINT_URL`), which the SDK honours
 * itself, to point it at another endpoint.
 */
import { type Filter, GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { PriceListError } from './errors.js';
import { onDemandLinuxAttributes, type PriceListOffer, parsePriceListItem } from './price-list-item.js';
import { pricingEndpointRegion } from './regions.js';

/** The SDK client type, re-exported so code outside `lib/catalog/aws*` need not import the SDK. */
export type { PricingClient };

/** Tuning of the SDK client. Defaults suit a Lambda answering an API call. */
export interface PricingClientOptions {
  /**
   * Attempts per request, including the first; the SDK's standard retry strategy backs off between
   * them (throttling included). Default: the SDK's, which honours `AWS_MAX_ATTEMPTS`.
   */
  maxAttempts?: number;
  /** Per-request socket timeout, ms. */
  requestTimeoutMs?: number;
  /** TCP connect timeout, ms. */
  connectionTimeoutMs?: number;
  /** Explicit endpoint (tests); normally leave unset and let `AWS_ENDPOINT_URL_PRICING` apply. */
  endpoint?: string;
}

/**
 * A Pricing client for prices in `region` (it calls the nearest Pricing endpoint region).
 *
 * @example
 * const client = createPricingClient('eu-west-1'); // calls the eu-central-1 endpoint
 */
export function createPricingClient(
  region: string,
  {
    maxAttempts,
    requestTimeoutMs = 10_000,
    connectionTimeoutMs = 3_000,
    endpoint,
  }: PricingClientOptions = {},
): PricingClient {
  return new PricingClient({
    region: pricingEndpointRegion(region),
    // Unset: the SDK default (3 attempts, standard mode) or AWS_MAX_ATTEMPTS / AWS_RETRY_MODE.
    ...(maxAttempts !== undefined && { maxAttempts }),
    requestHandler: {
      requestTimeout: requestTimeoutMs,
      connectionTimeout: connectionTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(endpoint && { endpoint }),
  });
}

/** The `GetProducts` filters selecting on-demand Linux shared-tenancy prices in `region`. */
export function onDemandLinuxFilters(region: string): Filter[] {
  return [
    { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
    ...Object.entries(onDemandLinuxAttributes).map(
      ([Field, Value]): Filter => ({ Type: 'TERM_MATCH', Field, Value }),
    ),
  ];
}

export interface FetchOnDemandOffersOptions {
  client: PricingClient;
  region: string;
  /** Overall deadline for all pages, ms. */
  deadlineMs?: number;
  /** Guard against a server that never stops paging. */
  maxPages?: number;
}

export interface OnDemandOffers {
  offers: PriceListOffer[];
  /** Items the parser rejected (wrong OS, Capacity Block, zero price, ...), by reason. */
  rejected: Record<string, number>;
  pages: number;
}

export interface PriceListPagesOptions {
  client: PricingClient;
  serviceCode: string;
  filters: Filter[];
  /** Names the request in errors: "Price List request for <label> failed: ...". */
  label: string;
  /** Overall deadline for all pages, ms. */
  deadlineMs?: number;
  /** Guard against a server that never stops paging. */
  maxPages?: number;
  /** Called with every `PriceList` entry, in order. */
  onItem: (item: unknown) => void;
}

/**
 * Every page of a `GetProducts` answer, following `NextToken`, each item handed to `onItem`.
 * Returns how many pages and items there were.
 *
 * @throws PriceListError when a request fails after the SDK's retries, or the deadline passes.
 */
export async function fetchPriceListPages({
  client,
  serviceCode,
  filters,
  label,
  deadlineMs = 60_000,
  maxPages = 500,
  onItem,
}: PriceListPagesOptions): Promise<{ pages: number; items: number }> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The SDK's retry back-off does not watch the abort signal, so the race enforces the deadline.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new PriceListError(`Price List request for ${label} exceeded its ${deadlineMs} ms deadline`));
    }, deadlineMs);
  });
  const pages = async () => {
    const count = { pages: 0, items: 0 };
    let nextToken: string | undefined;
    do {
      if (count.pages >= maxPages) throw new PriceListError(`Price List answer exceeded ${maxPages} pages`);
      const page = await client.send(
        new GetProductsCommand({
          ServiceCode: serviceCode,
          Filters: filters,
          FormatVersion: 'aws_v1',
          MaxResults: 100,
          ...(nextToken && { NextToken: nextToken }),
        }),
        { abortSignal: abort.signal },
      );
      count.pages += 1;
      for (const item of page.PriceList ?? []) {
        count.items += 1;
        onItem(item);
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return count;
  };
  try {
    return await Promise.race([pages(), deadline]);
  } catch (error) {
    if (error instanceof PriceListError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PriceListError(`Price List request for ${label} failed: ${message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Counts a rejection reason. */
export function countReason(rejected: Record<string, number>, reason: string): void {
  rejected[reason] = (rejected[reason] ?? 0) + 1;
}

/**
 * Every on-demand Linux offer for `region`, following `NextToken` through all pages.
 *
 * @throws PriceListError when a request fails after the SDK's retries, or the deadline passes.
 */
export async function fetchOnDemandOffers({
  client,
  region,
  deadlineMs = 60_000,
  maxPages = 500,
}: FetchOnDemandOffersOptions): Promise<OnDemandOffers> {
  const result: OnDemandOffers = { offers: [], rejected: {}, pages: 0 };
  const { pages } = await fetchPriceListPages({
    client,
    serviceCode: 'AmazonEC2',
    filters: onDemandLinuxFilters(region),
    label: region,
    deadlineMs,
    maxPages,
    onItem(item) {
      const parsed = parsePriceListItem(item);
      if (!parsed.ok) return countReason(result.rejected, parsed.reason);
      if (parsed.offer.regionCode && parsed.offer.regionCode !== region)
        return countReason(result.rejected, `regionCode is ${parsed.offer.regionCode}, not ${region}`);
      result.offers.push(parsed.offer);
    },
  });
  result.pages = pages;
  return result;
}
