/**
 * The alternatives a person would consider next to the recommendation: the fastest within a
 * sensible cost multiple, the cheapest of each other hardware kind and the runner-up, the cheapest
 * cloud way when the answer is hardware the caller owns, and the same hardware on each other offer
 * (committed, spot, part-time). Absurd ones (hundreds of CPUs, a rack for one person) are left out.
 */
import { isOwned } from './candidates.js';
import {
  ASSUMED_PERSONAL_ACTIVE_HOURS,
  FASTEST_ALTERNATIVE_MAX_COST_MULTIPLE,
  MAX_SENSIBLE_CPU_INSTANCES,
  OTHER_KIND_MAX_COST_MULTIPLE,
} from './defaults.js';
import { onDemandOffer } from './offers.js';
import { cheapest, type PlanOption } from './options.js';
import { monthOf, onCommitment, onOffer, onSpot } from './pricing.js';
import type { Alternative } from './result.js';

export interface AlternativesContext {
  activeHoursPerDay: number;
  /** Offer the same hardware part-time at a working day's hours (one person who did not say). */
  suggestPartTime: boolean;
  /** The caller asked for spot or on-demand only. */
  basis?: 'on-demand' | 'spot';
  /** Jobs are priced per job: commitments and part-time do not apply. */
  job: boolean;
}

const sensible = (o: PlanOption) =>
  o.machine.acceleratorKind !== 'cpu' || o.instanceCount <= MAX_SENSIBLE_CPU_INSTANCES;

export function alternativesFor(
  best: PlanOption,
  options: readonly PlanOption[],
  ctx: AlternativesContext,
): Alternative[] {
  const out: Alternative[] = [];
  const key = (o: PlanOption) => `${o.machine.instanceType}/${o.precision}/${o.purchaseOption}`;
  const seen = new Set([key(best)]);
  const cloud = options.filter((o) => !isOwned(o.machine));
  const cheapestCloud = isOwned(best.machine) ? cheapest(cloud) : undefined;
  // Costs are compared with the recommendation's month, or with the cheapest cloud way when the
  // recommendation costs nothing (owned hardware).
  const reference = monthOf(best) > 0 ? monthOf(best) : cheapestCloud ? monthOf(cheapestCloud) : 0;
  const ratio = (o: PlanOption) => (reference > 0 ? monthOf(o) / reference : Number.POSITIVE_INFINITY);
  const add = (option: PlanOption | undefined, why: Alternative['why']) => {
    if (!option || seen.has(key(option))) return;
    seen.add(key(option));
    out.push({ option, why });
  };

  if (cheapestCloud) add(cheapestCloud, { code: 'cheapest-cloud', costRatio: 1 });
  const affordable = options.filter((o) => sensible(o) && ratio(o) <= FASTEST_ALTERNATIVE_MAX_COST_MULTIPLE);
  const fastest = affordable.reduce((a, b) => (b.speed > a.speed ? b : a), best);
  if (fastest !== best && fastest.speed > best.speed * 1.05) {
    add(fastest, { code: 'fastest', speedup: fastest.speed / best.speed, costRatio: ratio(fastest) });
  }
  for (const kind of ['cpu', 'gpu', 'neuron'] as const) {
    if (kind === best.machine.acceleratorKind && !isOwned(best.machine)) continue;
    const other = cheapest(cloud.filter((o) => o.machine.acceleratorKind === kind && sensible(o)));
    if (other && ratio(other) <= OTHER_KIND_MAX_COST_MULTIPLE) {
      add(other, { code: 'cheapest-of-kind', kind, costRatio: ratio(other) });
    }
  }
  const runnerUp = cheapest(
    cloud.filter((o) => o.machine.instanceType !== best.machine.instanceType && sensible(o)),
  );
  if (runnerUp && ratio(runnerUp) <= OTHER_KIND_MAX_COST_MULTIPLE) {
    add(runnerUp, { code: 'runner-up', costRatio: ratio(runnerUp), speedRatio: runnerUp.speed / best.speed });
  }

  // The same (cloud) hardware on the other offers.
  const base = cheapestCloud ?? best;
  if (isOwned(base.machine)) return out;
  if (!ctx.job) {
    const committed = onCommitment(base);
    if (committed && monthOf(committed) < monthOf(base)) {
      const saving = monthOf(base) - monthOf(committed);
      add(committed, {
        code: 'committed',
        savingUsd: saving,
        savingFraction: saving / monthOf(base),
        costRatio: ratio(committed),
      });
    }
    if (ctx.suggestPartTime && ctx.activeHoursPerDay >= 24 && base.purchaseOption === 'on-demand') {
      const offer = onDemandOffer(base.machine, ASSUMED_PERSONAL_ACTIVE_HOURS);
      const partTime = offer && onOffer(base, offer, ASSUMED_PERSONAL_ACTIVE_HOURS);
      if (partTime) {
        add(partTime, {
          code: 'part-time',
          activeHoursPerDay: ASSUMED_PERSONAL_ACTIVE_HOURS,
          assumedHours: true,
          costRatio: ratio(partTime),
        });
      }
    }
  }
  if (ctx.basis !== 'on-demand') {
    // Spot for the same hardware when its price is known, else the cheapest option that has one.
    const same = onSpot(base, ctx.activeHoursPerDay);
    const spotCost = (o: PlanOption) => {
      const spot = isOwned(o.machine) ? undefined : o.machine.spotHourlyUsd;
      return spot === undefined ? Number.POSITIVE_INFINITY : monthOf(o) * (spot / o.unitHourlyUsd);
    };
    const cheapestAtSpot = cloud.reduce<PlanOption | undefined>(
      (a, o) => (!a || spotCost(o) < spotCost(a) ? o : a),
      undefined,
    );
    const other = cheapestAtSpot && onSpot(cheapestAtSpot, ctx.activeHoursPerDay);
    // Other hardware on spot is worth a look only when it is cheaper than the recommendation.
    const spot = same ?? (other && monthOf(other) < monthOf(base) ? other : undefined);
    if (spot) add(spot, { code: 'spot', sameHardware: same !== undefined, costRatio: ratio(spot) });
  }
  return out;
}
