/**
 * Monthly cost against usage (DESIGN §8 `costCurve`): for each daily volume from about 1 to 10
 * million requests, the cheapest self-hosted way on the plan's own candidates and SLO, and the
 * managed per-token price, with the volume where self-hosting starts to pay (the break-even).
 *
 * Each candidate's cost at a volume is its replica price times the replicas the peak rate needs
 * (at the target utilization of what one replica sustains within the SLO). Candidates are visited
 * per volume in order of a lower bound on that cost from specs alone, and one is estimated only
 * while it could still be the cheapest; capacities are kept across volumes.
 */

import { isOwned, maxUnitsOf } from './candidates.js';
import { MAX_REPLICAS } from './defaults.js';
import { type InferenceContext, replicaCapacity, replicaUnit } from './inference.js';
import type { ManagedOption } from './managed.js';
import { billedHoursPerMonth, type PurchaseOption } from './offers.js';
import type { InferenceWorkItem } from './search.js';
import { type Demand, peakRateAt } from './usage.js';

export interface SelfHostedWay {
  item: InferenceWorkItem;
  purchaseOption: PurchaseOption;
  instanceCount: number;
  replicas: number;
  monthlyUsd: number;
}

export interface CurvePoint {
  requestsPerDay: number;
  /** Undefined where no candidate can carry the volume within the SLO. */
  selfHosted?: SelfHostedWay;
  managedMonthlyUsd?: number;
}

export interface CostCurve {
  points: CurvePoint[];
  /** Where the managed price stops being cheaper than self-hosting; absent when it never is, or always is. */
  breakEvenRequestsPerDay?: number;
  /** Which way is cheaper across the whole range, when one always is. */
  cheaperEverywhere?: 'managed' | 'self-hosted';
  /** The highest charted volume hardware the caller owns still carries (it costs nothing up to there). */
  ownedCarriesRequestsPerDay?: number;
}

/** Log-spaced volumes, two a decade, 1 to 10 million requests a day. */
export const CURVE_REQUESTS_PER_DAY: readonly number[] = Array.from({ length: 15 }, (_, i) =>
  Number((10 ** (i / 2)).toPrecision(2)),
);

interface Bounded {
  item: InferenceWorkItem;
  /** The replica, once asked (null: it cannot run or misses the SLO alone). */
  unit?: ReturnType<typeof replicaUnit> | null;
  /** The month of one replica on the plan's offer: the least the candidate can cost. */
  replicaMonthlyUsd: number;
  /** Upper bound of what one replica sustains, requests/s. */
  capacityBound: number;
}

export function selfHostedCurve(work: readonly InferenceWorkItem[], ctx: InferenceContext, demand: Demand) {
  const offerOf = (item: InferenceWorkItem): PurchaseOption =>
    isOwned(item.c.machine)
      ? 'owned'
      : item.c.basis === 'spot'
        ? 'spot'
        : demand.activeHoursPerDay < 24
          ? 'part-time'
          : 'on-demand';
  const requiredSpeed = 1000 / ctx.goal.slo.timePerOutputTokenMs;
  // Cheapest replica first: a candidate can never cost less than one replica.
  const bounded: Bounded[] = work
    .filter((item) => item.speedBound >= requiredSpeed)
    .map((item) => {
      const b = item.capacityBound;
      const hours = billedHoursPerMonth(offerOf(item), demand.activeHoursPerDay);
      return {
        item,
        replicaMonthlyUsd: item.c.unitHourlyUsd * b.perReplica * hours,
        capacityBound: b.requestsPerSecond,
      };
    })
    .sort((a, b) => a.replicaMonthlyUsd - b.replicaMonthlyUsd);

  /** The cheapest self-hosted way to carry a daily volume, or undefined when none can. */
  function cheapestAt(requestsPerDay: number): SelfHostedWay | undefined {
    const rate = peakRateAt(demand, requestsPerDay);
    let best: SelfHostedWay | undefined;
    for (const b of bounded) {
      if (best && b.replicaMonthlyUsd >= best.monthlyUsd) break;
      // No more replicas than the rate over what one can do at most: skip what cannot win.
      if (best && b.replicaMonthlyUsd * Math.ceil(rate / b.capacityBound) >= best.monthlyUsd) continue;
      if (b.unit === undefined) b.unit = replicaUnit(b.item.c, b.item.precision, ctx) ?? null;
      const unit = b.unit;
      if (!unit) continue;
      // One caller's rate needs one replica (no need to find what it sustains at full load); a
      // fleet runs each at most at the target utilization of that.
      let replicas = 1;
      if (rate * unit.singleLatencySeconds > 1) {
        const capacity = replicaCapacity(b.item.c, b.item.precision, ctx);
        if (!capacity) continue;
        replicas = Math.max(1, Math.ceil(rate / (capacity.requestsPerSecond * demand.targetUtilization)));
      }
      const capacity = unit;
      if (replicas > Math.min(MAX_REPLICAS, maxUnitsOf(b.item.c))) continue;
      const monthlyUsd = b.replicaMonthlyUsd * replicas;
      if (!best || monthlyUsd < best.monthlyUsd) {
        best = {
          item: b.item,
          purchaseOption: offerOf(b.item),
          instanceCount: capacity.perReplica * replicas,
          replicas,
          monthlyUsd,
        };
      }
    }
    return best;
  }
  return cheapestAt;
}

/**
 * The curve, with the break-even between self-hosting and the cheapest managed price: the volume
 * above which self-hosting is cheaper at every charted volume and at the plan's own. Self-hosting
 * costs rise in steps (a larger instance, another replica) while a managed price rises in a line,
 * so they can cross more than once; the break-even is the last crossing, never one below a volume
 * (the plan's) where managed is still cheaper.
 */
export function costCurve(
  cheapestAt: (requestsPerDay: number) => SelfHostedWay | undefined,
  managed: ManagedOption | undefined,
  plan?: { requestsPerDay: number; monthlyUsd: number },
): CostCurve {
  const managedAt = (v: number) => (managed ? managed.monthlyUsdPerDailyRequest * v : undefined);
  const points: CurvePoint[] = CURVE_REQUESTS_PER_DAY.map((requestsPerDay) => ({
    requestsPerDay,
    selfHosted: cheapestAt(requestsPerDay),
    managedMonthlyUsd: managedAt(requestsPerDay),
  }));
  const ownedIndex = points.findLastIndex((p) => p.selfHosted?.purchaseOption === 'owned');
  const owned = ownedIndex >= 0 ? { ownedCarriesRequestsPerDay: points[ownedIndex]?.requestsPerDay } : {};
  if (!managed) return { points, ...owned };
  const selfCheaper = (p: CurvePoint) =>
    p.selfHosted !== undefined &&
    p.selfHosted.monthlyUsd <= (p.managedMonthlyUsd ?? Number.POSITIVE_INFINITY);
  const lastManaged = points.findLastIndex((p) => !selfCheaper(p));
  if (lastManaged === -1) return { points, cheaperEverywhere: 'self-hosted', ...owned };
  if (!points.some(selfCheaper)) return { points, cheaperEverywhere: 'managed', ...owned };
  // Managed is cheaper up to the top of the range (self-hosting paid only below it, on owned
  // hardware that then runs out): no volume above which self-hosting pays.
  if (lastManaged === points.length - 1) return { points, ...owned };
  // The last volume managed wins: a charted one, or the plan's own when managed wins there too.
  let low = CURVE_REQUESTS_PER_DAY[lastManaged] as number;
  const planManaged =
    plan !== undefined && plan.monthlyUsd > (managedAt(plan.requestsPerDay) ?? Number.POSITIVE_INFINITY);
  if (plan && planManaged && plan.requestsPerDay > low) low = plan.requestsPerDay;
  const next = CURVE_REQUESTS_PER_DAY.find((v) => v > low);
  if (next === undefined) return { points, ...owned };
  // Between it and the next charted volume, where self-hosting wins: bisect on a log scale.
  let high = next;
  for (let i = 0; i < 24 && high / low > 1.001; i++) {
    const mid = Math.sqrt(low * high);
    const way = cheapestAt(mid);
    if (way && way.monthlyUsd <= (managedAt(mid) ?? Number.POSITIVE_INFINITY)) high = mid;
    else low = mid;
  }
  return { points, breakEvenRequestsPerDay: high, ...owned };
}
