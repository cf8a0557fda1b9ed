/**
 * Offers: the pricing terms a piece of hardware can be run on (DESIGN §8 architecture note). A
 * candidate is hardware x offer; each offer kind has one cost function over the usage. Adding a
 * pricing model is one row here and one case in `billedHoursPerMonth`.
 */
import type { CommitmentTerm, PricedInstance } from '../catalog/types.js';

export const purchaseOptions = [
  'on-demand',
  'spot',
  'owned',
  'reserved-1yr',
  'reserved-3yr',
  'savings-plan-1yr',
  'savings-plan-3yr',
  'part-time',
] as const;
export type PurchaseOption = (typeof purchaseOptions)[number];

/** Months for `monthlyUsd`: 730 hours (the AWS pricing convention), so a day is 730 / 24 = 30.4 days of it. */
export const HOURS_PER_MONTH = 730;

export interface Offer {
  kind: PurchaseOption;
  /** USD per hour of one unit (an instance; 0 for owned hardware). */
  unitHourlyUsd: number;
  /** The price is derived (a regional factor, a per-family commitment discount), not a published row. */
  derived?: boolean;
  /** The price is indicative (a recent spot minimum), not a quote. */
  indicative?: boolean;
  /** Where a committed rate comes from. */
  source?: string;
}

const committed = (kind: PurchaseOption): kind is CommitmentTerm =>
  kind === 'reserved-1yr' ||
  kind === 'reserved-3yr' ||
  kind === 'savings-plan-1yr' ||
  kind === 'savings-plan-3yr';

/**
 * Hours a month an offer bills: a commitment bills every hour of the month whether used or not;
 * owned hardware bills none; on-demand, spot and part-time bill the hours the hardware runs.
 */
export function billedHoursPerMonth(kind: PurchaseOption, activeHoursPerDay: number): number {
  if (kind === 'owned') return 0;
  if (committed(kind)) return HOURS_PER_MONTH;
  return (HOURS_PER_MONTH * activeHoursPerDay) / 24;
}

/** The month of `units` units on an offer, at `activeHoursPerDay`. */
export function monthlyUsd(offer: Offer, units: number, activeHoursPerDay: number): number {
  return offer.unitHourlyUsd * units * billedHoursPerMonth(offer.kind, activeHoursPerDay);
}

/** The instance's on-demand offer, billed all day or part of it. */
export function onDemandOffer(i: PricedInstance, activeHoursPerDay: number): Offer | undefined {
  if (i.onDemandHourlyUsd === undefined) return undefined;
  return {
    kind: activeHoursPerDay < 24 ? 'part-time' : 'on-demand',
    unitHourlyUsd: i.onDemandHourlyUsd,
    ...(i.onDemandDerived && { derived: true }),
  };
}

export function spotOffer(i: PricedInstance): Offer | undefined {
  if (i.spotHourlyUsd === undefined) return undefined;
  return {
    kind: 'spot',
    unitHourlyUsd: i.spotHourlyUsd,
    ...(i.spotIndicative !== false && { indicative: true }),
  };
}

/** The instance's committed offers, cheapest first. */
export function commitmentOffers(i: PricedInstance): Offer[] {
  return (i.commitments ?? [])
    .map((c) => ({
      kind: c.term,
      unitHourlyUsd: c.hourlyUsd,
      ...(c.derived && { derived: true }),
      source: c.source,
    }))
    .sort((a, b) => a.unitHourlyUsd - b.unitHourlyUsd);
}
