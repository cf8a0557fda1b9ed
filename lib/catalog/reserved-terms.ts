/**
 * Reserved Instance prices from the `terms.Reserved` block of an EC2 Price List item (the same
 * `GetProducts` items that carry the on-demand price). Pure: no SDK, no I/O.
 *
 * Each Reserved term names its `LeaseContractLength` (1yr, 3yr), `OfferingClass` (standard,
 * convertible) and `PurchaseOption` (No Upfront, Partial Upfront, All Upfront), with an hourly
 * dimension (unit `Hrs`) and, for the upfront options, an `Upfront Fee` (unit `Quantity`).
 */
import type { CommitmentPrice, CommitmentTerm } from './types.js';

type Json = Record<string, unknown>;
type PaymentOption = CommitmentPrice['paymentOption'];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Hours a term is billed for: AWS amortizes upfront fees over 365-day years. */
export const commitmentTermHours: Readonly<Record<'1yr' | '3yr', number>> = { '1yr': 8760, '3yr': 26_280 };

/** Preference within an offering class: the option a monthly bill shows, then less cash up front. */
const paymentPreference: readonly PaymentOption[] = ['No Upfront', 'Partial Upfront', 'All Upfront'];
/** Standard Reserved Instances (the usual, cheaper commitment) before convertible ones. */
const classPreference = ['standard', 'convertible'] as const;

interface ReservedOffer {
  lease: '1yr' | '3yr';
  offeringClass: (typeof classPreference)[number];
  paymentOption: PaymentOption;
  hourlyUsd: number;
  offerTermCode: string;
}

function leaseOf(value: unknown): '1yr' | '3yr' | undefined {
  const text = typeof value === 'string' ? value.replace(/\s+/g, '').toLowerCase() : '';
  return text === '1yr' ? '1yr' : text === '3yr' ? '3yr' : undefined;
}

function nonNegative(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** One Reserved term as an effective hourly price, or undefined when it is malformed. */
function offerOf(term: unknown): ReservedOffer | undefined {
  if (!isObject(term) || !isObject(term.termAttributes) || !isObject(term.priceDimensions)) return undefined;
  const attributes = term.termAttributes;
  const lease = leaseOf(attributes.LeaseContractLength);
  const offeringClass = classPreference.find(
    (c) => c === String(attributes.OfferingClass ?? '').toLowerCase(),
  );
  const paymentOption = paymentPreference.find((p) => p === attributes.PurchaseOption);
  if (!lease || !offeringClass || !paymentOption) return undefined;
  let hourly: number | undefined;
  let upfront = 0;
  for (const dimension of Object.values(term.priceDimensions)) {
    if (!isObject(dimension) || !isObject(dimension.pricePerUnit)) return undefined;
    const usd = nonNegative(dimension.pricePerUnit.USD);
    if (usd === undefined) return undefined;
    if (dimension.unit === 'Hrs') hourly = (hourly ?? 0) + usd;
    else if (dimension.unit === 'Quantity') upfront += usd;
    else return undefined;
  }
  if (hourly === undefined) return undefined;
  const hourlyUsd = Number((hourly + upfront / commitmentTermHours[lease]).toFixed(6));
  if (hourlyUsd <= 0) return undefined;
  return {
    lease,
    offeringClass,
    paymentOption,
    hourlyUsd,
    offerTermCode: typeof term.offerTermCode === 'string' ? term.offerTermCode : '?',
  };
}

const rank = (offer: ReservedOffer) =>
  classPreference.indexOf(offer.offeringClass) * paymentPreference.length +
  paymentPreference.indexOf(offer.paymentOption);

/**
 * The Reserved Instance prices of an item's `terms`, one per lease length (1-yr, then 3-yr).
 *
 * Rule: for each lease length, a standard offering before a convertible one and, within a class, No
 * Upfront before Partial Upfront before All Upfront; upfront fees are amortized over the term's hours
 * (8,760 or 26,280). A rate at or above `onDemandHourlyUsd` (when given) is not a commitment anyone
 * would buy and is dropped, as are malformed terms.
 *
 * @example
 * parseReservedTerms(item.terms, 0.096);
 * // [{ term: 'reserved-1yr', hourlyUsd: 0.06, paymentOption: 'No Upfront', derived: false, ... }, ...]
 */
export function parseReservedTerms(terms: unknown, onDemandHourlyUsd?: number): CommitmentPrice[] {
  const reserved = isObject(terms) ? terms.Reserved : undefined;
  if (!isObject(reserved)) return [];
  const best = new Map<'1yr' | '3yr', ReservedOffer>();
  for (const term of Object.values(reserved)) {
    const offer = offerOf(term);
    if (!offer) continue;
    if (onDemandHourlyUsd !== undefined && offer.hourlyUsd >= onDemandHourlyUsd) continue;
    const seen = best.get(offer.lease);
    if (!seen || rank(offer) < rank(seen)) best.set(offer.lease, offer);
  }
  return (['1yr', '3yr'] as const).flatMap((lease): CommitmentPrice[] => {
    const offer = best.get(lease);
    if (!offer) return [];
    const term: CommitmentTerm = lease === '1yr' ? 'reserved-1yr' : 'reserved-3yr';
    return [
      {
        term,
        hourlyUsd: offer.hourlyUsd,
        paymentOption: offer.paymentOption,
        derived: false,
        source: `AWS Price List Reserved term ${offer.offerTermCode} (${lease}, ${offer.offeringClass}, ${offer.paymentOption})`,
      },
    ];
  });
}
