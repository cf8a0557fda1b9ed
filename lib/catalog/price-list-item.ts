/**
 * Parsing of AWS Price List `GetProducts` items (one JSON document per product: `product.attributes`
 * and `terms.OnDemand` / `terms.Reserved`). Pure: no SDK, no I/O.
 *
 * The request filters already select on-demand Linux shared-tenancy prices; the parser checks the
 * same attributes again, because a filter the API ignores or a hand-built snapshot must not let a
 * Windows, reserved-capacity or Capacity Block price into the catalog, and because some decoys pass
 * every filter (a zero price, a Reserved term alongside the OnDemand one).
 */

import { parseReservedTerms } from './reserved-terms.js';
import type { CommitmentPrice } from './types.js';

/** The facts one on-demand Linux offer gives about an instance type. */
export interface PriceListOffer {
  instanceType: string;
  /** `regionCode` attribute (absent in items published before 2022). */
  regionCode?: string;
  onDemandHourlyUsd: number;
  /** The OnDemand term's effective date (ISO timestamp). */
  effectiveDate?: string;
  vcpus?: number;
  memoryGiB?: number;
  /** `gpu` attribute: number of GPUs (0 when "NA" or absent). */
  gpuCount: number;
  /** `gpuMemory` attribute in GiB, total or per GPU as AWS publishes it; undefined when "NA". */
  gpuMemoryGiB?: number;
  physicalProcessor?: string;
  /** Parsed from `networkPerformance` ("Up to 12.5 Gigabit" → 12.5); undefined for "Moderate" etc. */
  networkGbps?: number;
  /** The item's Reserved Instance prices (1-yr, 3-yr), when it has `terms.Reserved`. */
  commitments?: CommitmentPrice[];
}

export type PriceListItemResult = { ok: true; offer: PriceListOffer } | { ok: false; reason: string };

/** The attribute values that select real on-demand Linux shared-tenancy prices (also the API filters). */
export const onDemandLinuxAttributes = {
  operatingSystem: 'Linux',
  tenancy: 'Shared',
  preInstalledSw: 'NA',
  capacitystatus: 'Used',
  marketoption: 'OnDemand',
  licenseModel: 'No License required',
} as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "16 GiB", "1,952 GiB", "0.5 GiB" → number; "NA" → undefined. */
export function parseGiB(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([\d,.]+)\s*GiB$/i.exec(value.trim());
  const n = match ? Number(match[1]?.replace(/,/g, '')) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** "Up to 12.5 Gigabit", "25 Gigabit", "3200 Gigabit" → Gbps; "Moderate", "High" → undefined. */
export function parseNetworkGbps(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /([\d.]+)\s*Gigabit/i.exec(value);
  const n = match ? Number(match[1]) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

const positiveNumber = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The item as an object: the SDK yields strings or `String` objects (lazy JSON); tests may pass objects. */
function toDocument(item: unknown): Json | undefined {
  if (isObject(item) && !(item instanceof String)) return item;
  try {
    const parsed: unknown = JSON.parse(String(item));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The hourly USD price of the first OnDemand term with a positive `Hrs` dimension, or why there is none. */
function onDemandHourly(terms: unknown): { usd: number; effectiveDate?: string } | { reason: string } {
  const onDemand = isObject(terms) ? terms.OnDemand : undefined;
  if (!isObject(onDemand) || Object.keys(onDemand).length === 0) return { reason: 'no OnDemand term' };
  for (const term of Object.values(onDemand)) {
    if (!isObject(term) || !isObject(term.priceDimensions)) continue;
    for (const dimension of Object.values(term.priceDimensions)) {
      if (!isObject(dimension) || dimension.unit !== 'Hrs' || !isObject(dimension.pricePerUnit)) continue;
      const usd = positiveNumber(dimension.pricePerUnit.USD);
      if (usd !== undefined) {
        return { usd, ...(typeof term.effectiveDate === 'string' && { effectiveDate: term.effectiveDate }) };
      }
    }
  }
  return { reason: 'OnDemand term has no positive hourly USD price' };
}

/**
 * Parses one `PriceList` entry of a `GetProducts` answer into an on-demand Linux offer, or says why
 * the entry is not one (wrong OS, tenancy, capacity status, market option, license, software,
 * Capacity Block, Reserved-only terms, zero price, malformed JSON).
 *
 * @example
 * const result = parsePriceListItem(response.PriceList[0]);
 * if (result.ok) console.log(result.offer.instanceType, result.offer.onDemandHourlyUsd);
 */
export function parsePriceListItem(item: unknown): PriceListItemResult {
  const doc = toDocument(item);
  if (!doc) return { ok: false, reason: 'not a JSON object' };
  const product = isObject(doc.product) ? doc.product : undefined;
  const attributes = product && isObject(product.attributes) ? product.attributes : undefined;
  if (!attributes) return { ok: false, reason: 'no product attributes' };
  const instanceType = attributes.instanceType;
  if (typeof instanceType !== 'string' || !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(instanceType)) {
    return { ok: false, reason: 'no instance type' };
  }
  for (const [name, expected] of Object.entries(onDemandLinuxAttributes)) {
    const actual = attributes[name];
    // capacitystatus, marketoption and licenseModel are missing from older items; absent means default.
    const optional = name === 'capacitystatus' || name === 'marketoption' || name === 'licenseModel';
    if (actual === undefined && optional) continue;
    if (actual !== expected) return { ok: false, reason: `${name} is ${String(actual)}, not ${expected}` };
  }
  const usage = `${String(attributes.usagetype ?? '')} ${String(attributes.operation ?? '')}`;
  if (/CapacityBlock|Reservation|UnusedBox|Dedicated|HostBox/i.test(usage)) {
    return {
      ok: false,
      reason: `usage type ${String(attributes.usagetype)} is not on-demand shared capacity`,
    };
  }
  const price = onDemandHourly(doc.terms);
  if ('reason' in price) return { ok: false, reason: price.reason };

  const offer: PriceListOffer = {
    instanceType,
    onDemandHourlyUsd: price.usd,
    gpuCount: positiveNumber(attributes.gpu) ?? 0,
  };
  if (typeof attributes.regionCode === 'string') offer.regionCode = attributes.regionCode;
  if (price.effectiveDate) offer.effectiveDate = price.effectiveDate;
  const vcpus = positiveNumber(attributes.vcpu);
  if (vcpus !== undefined) offer.vcpus = vcpus;
  const memoryGiB = parseGiB(attributes.memory);
  if (memoryGiB !== undefined) offer.memoryGiB = memoryGiB;
  const gpuMemoryGiB = parseGiB(attributes.gpuMemory);
  if (gpuMemoryGiB !== undefined) offer.gpuMemoryGiB = gpuMemoryGiB;
  if (typeof attributes.physicalProcessor === 'string')
    offer.physicalProcessor = attributes.physicalProcessor;
  const networkGbps = parseNetworkGbps(attributes.networkPerformance);
  if (networkGbps !== undefined) offer.networkGbps = networkGbps;
  const commitments = parseReservedTerms(doc.terms, price.usd);
  if (commitments.length) offer.commitments = commitments;
  return { ok: true, offer };
}
