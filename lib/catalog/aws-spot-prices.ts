/**
 * Recent EC2 spot prices from `DescribeSpotPriceHistory` (the EC2 query API): Linux/UNIX, per
 * instance type, the minimum over availability zones within a recent window. Used by the catalog
 * refresh; the embedded excerpt's indicative prices remain the fallback.
 *
 * The only permission needed is `ec2:DescribeSpotPriceHistory` (it supports no resource-level
 * permissions). Configuration is standard: the default credential chain, the region asked about
 * (spot prices are regional), `AWS_ENDPOINT_URL_EC2` (or `AWS_ENDPOINT_URL`) to point elsewhere.
 */
import { type _InstanceType, DescribeSpotPriceHistoryCommand, EC2Client } from '@aws-sdk/client-ec2';
import { PriceListError } from './errors.js';

export type { EC2Client };

export interface Ec2ClientOptions {
  /** Attempts per request, including the first (the SDK's standard retry backs off, throttling included). */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Explicit endpoint (tests); normally leave unset and let `AWS_ENDPOINT_URL_EC2` apply. */
  endpoint?: string;
}

/** An EC2 client for spot prices in `region`. */
export function createEc2Client(
  region: string,
  { maxAttempts, requestTimeoutMs = 10_000, connectionTimeoutMs = 3_000, endpoint }: Ec2ClientOptions = {},
): EC2Client {
  return new EC2Client({
    region,
    ...(maxAttempts !== undefined && { maxAttempts }),
    requestHandler: {
      requestTimeout: requestTimeoutMs,
      connectionTimeout: connectionTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(endpoint && { endpoint }),
  });
}

/** A spot reading for one instance type. */
export interface SpotReading {
  /** Minimum over zones and over the window, USD per hour. */
  hourlyUsd: number;
  /** The zone of that minimum. */
  availabilityZone?: string;
  /** When that price took effect (ISO timestamp). */
  timestamp?: string;
}

export interface FetchSpotPricesOptions {
  client: EC2Client;
  region: string;
  instanceTypes: readonly string[];
  /** The window the minimum is taken over, hours. Default 24. */
  windowHours?: number;
  /** Overall deadline for all pages, ms. */
  deadlineMs?: number;
  /** Instance types per request (the API takes a list). Default 100. */
  batchSize?: number;
  /** Guard against a server that never stops paging. */
  maxPages?: number;
  now?: () => number;
}

export interface SpotPrices {
  /** Instance type → reading; a type without any record in the window has no spot offer there. */
  readings: Map<string, SpotReading>;
  pages: number;
  /** Records skipped (another product, an unparseable price, another type). */
  skipped: number;
}

/** The Linux/UNIX product description of shared-tenancy spot instances in a VPC. */
export const linuxSpotProduct = 'Linux/UNIX';

/**
 * The minimum Linux/UNIX spot price over zones within the last `windowHours` for each instance type,
 * through every page of `DescribeSpotPriceHistory`. With a start time the API also returns the price
 * in effect at the start, so every type with spot capacity in the region has a record.
 *
 * @throws PriceListError when a request fails after the SDK's retries, or the deadline passes.
 * @example
 * const { readings } = await fetchSpotPrices({ client: createEc2Client('us-east-1'), region: 'us-east-1', instanceTypes: ['g5.xlarge'] });
 */
export async function fetchSpotPrices({
  client,
  region,
  instanceTypes,
  windowHours = 24,
  deadlineMs = 60_000,
  batchSize = 100,
  maxPages = 1_000,
  now = Date.now,
}: FetchSpotPricesOptions): Promise<SpotPrices> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new PriceListError(`Spot price request for ${region} exceeded its ${deadlineMs} ms deadline`));
    }, deadlineMs);
  });
  const wanted = new Set(instanceTypes);
  const result: SpotPrices = { readings: new Map(), pages: 0, skipped: 0 };
  const endTime = new Date(now());
  const startTime = new Date(endTime.getTime() - windowHours * 3_600_000);

  const read = async () => {
    const types = [...wanted];
    for (let i = 0; i < types.length; i += batchSize) {
      let nextToken: string | undefined;
      do {
        if (result.pages >= maxPages)
          throw new PriceListError(`Spot price answer exceeded ${maxPages} pages`);
        const page = await client.send(
          new DescribeSpotPriceHistoryCommand({
            InstanceTypes: types.slice(i, i + batchSize) as _InstanceType[],
            ProductDescriptions: [linuxSpotProduct],
            StartTime: startTime,
            EndTime: endTime,
            MaxResults: 1000,
            ...(nextToken && { NextToken: nextToken }),
          }),
          { abortSignal: abort.signal },
        );
        result.pages += 1;
        for (const record of page.SpotPriceHistory ?? []) {
          const type = record.InstanceType ?? '';
          const usd = Number(record.SpotPrice);
          if (
            !wanted.has(type) ||
            record.ProductDescription !== linuxSpotProduct ||
            !Number.isFinite(usd) ||
            usd <= 0
          ) {
            result.skipped += 1;
            continue;
          }
          const seen = result.readings.get(type);
          if (!seen || usd < seen.hourlyUsd) {
            result.readings.set(type, {
              hourlyUsd: usd,
              ...(record.AvailabilityZone && { availabilityZone: record.AvailabilityZone }),
              ...(record.Timestamp && { timestamp: record.Timestamp.toISOString() }),
            });
          }
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken);
    }
    return result;
  };

  try {
    return await Promise.race([read(), deadline]);
  } catch (error) {
    if (error instanceof PriceListError) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PriceListError(`Spot price request for ${region} failed: ${message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
