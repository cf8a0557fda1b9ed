/**
 * Options priced at the stated usage: the same hardware on its offer (on demand all day or part of
 * it, spot, owned, committed), with the month it costs and honest flags on derived and indicative
 * prices.
 */
import { isOwned } from './candidates.js';
import { commitmentOffers, monthlyUsd, type Offer, onDemandOffer, spotOffer } from './offers.js';
import type { PlanOption } from './options.js';

/** A kept option on another offer: the same hardware, estimate and speed, other prices. */
export function onOffer(o: PlanOption, offer: Offer, activeHoursPerDay: number): PlanOption {
  const units = o.instanceCount;
  const scale = o.unitHourlyUsd > 0 ? offer.unitHourlyUsd / o.unitHourlyUsd : 0;
  const jobCostUsd = o.jobCostUsd !== undefined ? o.jobCostUsd * scale : undefined;
  // Listed field by field: spreading `o` would build its lazily computed estimate.
  return {
    machine: o.machine,
    instanceCount: units,
    precision: o.precision,
    purchaseOption: offer.kind,
    unitHourlyUsd: offer.unitHourlyUsd,
    hourlyUsd: offer.unitHourlyUsd * units,
    monthlyUsd: jobCostUsd ?? monthlyUsd(offer, units, activeHoursPerDay),
    ...(offer.derived && { priceDerived: true }),
    ...(offer.indicative && { priceIndicative: true }),
    get estimate() {
      return o.estimate;
    },
    speed: o.speed,
    requestLatencyMs: o.requestLatencyMs,
    timeToFirstTokenMs: o.timeToFirstTokenMs,
    jobHours: o.jobHours,
    jobCostUsd,
    setupHours: o.setupHours,
    replicas: o.replicas,
    requestsPerSecondPerReplica: o.requestsPerSecondPerReplica,
    concurrency: o.concurrency,
  };
}

/** The offer a search option was found on (its basis), billed for the active hours. */
export function basisOffer(o: PlanOption, activeHoursPerDay: number): Offer {
  const m = o.machine;
  if (isOwned(m)) return { kind: 'owned', unitHourlyUsd: 0 };
  if (o.purchaseOption === 'spot') return spotOffer(m) ?? { kind: 'spot', unitHourlyUsd: o.unitHourlyUsd };
  return onDemandOffer(m, activeHoursPerDay) ?? { kind: 'on-demand', unitHourlyUsd: o.unitHourlyUsd };
}

/** A search option priced at the usage on its own offer. */
export const atUsage = (o: PlanOption, activeHoursPerDay: number): PlanOption =>
  onOffer(o, basisOffer(o, activeHoursPerDay), activeHoursPerDay);

/** The same hardware on spot, when the catalog knows a spot price. */
export function onSpot(o: PlanOption, activeHoursPerDay: number): PlanOption | undefined {
  if (isOwned(o.machine) || o.purchaseOption === 'spot') return undefined;
  const offer = spotOffer(o.machine);
  return offer && onOffer(o, offer, activeHoursPerDay);
}

/** The same hardware on its cheapest commitment, when the catalog has one. */
export function onCommitment(o: PlanOption): PlanOption | undefined {
  if (isOwned(o.machine)) return undefined;
  const offer = commitmentOffers(o.machine)[0];
  return offer && onOffer(o, offer, 24);
}

/** The month of an option at the usage (0 for owned hardware). */
export const monthOf = (o: PlanOption): number => o.monthlyUsd ?? o.jobCostUsd ?? o.hourlyUsd * 730;
