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
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The SDK's retry back-off does not watch the abort signal, so the race enforces the deadline.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new PriceListError(`Price List request for ${region} exceeded its ${deadlineMs} ms deadline`));
    }, deadlineMs);
  });
  try {
    return await Promise.race([fetchAllPages(client, region, maxPages, abort.signal), deadline]);
  } catch (error) {
    if (error instanceof PriceListError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PriceListError(`Price List request for ${region} failed: ${message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

async function fetchAllPages(
  client: PricingClient,
  region: string,
  maxPages: number,
  abortSignal: AbortSignal,
): Promise<OnDemandOffers> {
  const result: OnDemandOffers = { offers: [], rejected: {}, pages: 0 };
  let nextToken: string | undefined;
  do {
    if (result.pages >= maxPages) throw new PriceListError(`Price List answer exceeded ${maxPages} pages`);
    const page = await client.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        Filters: onDemandLinuxFilters(region),
        FormatVersion: 'aws_v1',
        MaxResults: 100,
        ...(nextToken && { NextToken: nextToken }),
      }),
      { abortSignal },
    );
    result.pages += 1;
    for (const item of page.PriceList ?? []) {
      const parsed = parsePriceListItem(item);
      const reason = !parsed.ok
        ? parsed.reason
        : parsed.offer.regionCode && parsed.offer.regionCode !== region
          ? `regionCode is ${parsed.offer.regionCode}, not ${region}`
          : undefined;
      if (parsed.ok && reason === undefined) result.offers.push(parsed.offer);
      else if (reason !== undefined) result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return result;
}
