/**
 * Inference plans: read the demand (a daily volume, a rate or a concurrency, the active hours),
 * tell one caller's use from sustained traffic by Little's law on the plan's own latency, search
 * with that demand's SLO, and price the answer at the usage: the recommendation, the ways around
 * it (owned, committed, spot, part-time), the managed per-token price and the cost curve.
 */
import type { ManagedModelPrice, PricingProvenance } from '../catalog/types.js';
import { bytesPerWeight, bytesToGiB, kvCacheBytes } from '../model/index.js';
import { checkContext } from '../perf/index.js';
import { alternativesFor } from './alternatives.js';
import { type HardwareCandidate, isOwned } from './candidates.js';
import { costCurve, selfHostedCurve } from './curve.js';
import {
  defaultSlo,
  MIN_TIME_PER_OUTPUT_TOKEN_MS,
  OWNED_DEFAULT_SLO_SLACK,
  PERSONAL_MAX_IN_FLIGHT,
} from './defaults.js';
import { NoFeasiblePlanError } from './errors.js';
import type { InferenceGoal } from './inference.js';
import type { InferenceDemand, PlanInput } from './input.js';
import { managedOptions } from './managed.js';
import { cheapest, costOf, nearest, type PlanMiss, type PlanOption } from './options.js';
import {
  cheaperMiss,
  inferenceRequirements,
  nearestMisses,
  needsLargeModelHardware,
  tierItem,
} from './plan-common.js';
import { atUsage, monthOf } from './pricing.js';
import type { Plan, RationaleItem, Tier } from './result.js';
import { boundedWork, type SearchResult, searchOptions, workItems } from './search.js';
import { type Demand, demandOf, type Usage, usageOf } from './usage.js';

type DemandClass = 'personal' | 'customer-facing';

interface InferenceSetting {
  candidates: readonly HardwareCandidate[];
  /** Instance types among the candidates (the rest are owned machines). */
  cloudCount: number;
  pricing: PricingProvenance;
  managed: { prices: readonly ManagedModelPrice[]; missing?: 'custom-model' | 'not-offered' | 'excluded' };
}

function sloFor(w: InferenceDemand, cls: DemandClass) {
  const defaults = defaultSlo[cls];
  return {
    timeToFirstTokenMs: w.slo?.timeToFirstTokenMs ?? defaults.timeToFirstTokenMs,
    timePerOutputTokenMs: w.slo?.timePerOutputTokenMs ?? defaults.timePerOutputTokenMs,
  };
}

function goalFor(w: InferenceDemand, demand: Demand, cls: DemandClass): InferenceGoal {
  return {
    inputTokens: w.inputTokens,
    outputTokens: w.outputTokens,
    slo: sloFor(w, cls),
    // One person's assumed volume is one stream at a time: nothing to size a fleet for.
    ...(demand.basis !== 'assumed-personal' && { requestsPerSecond: demand.peakRequestsPerSecond }),
    ...(demand.concurrentRequests !== undefined && { concurrentRequests: demand.concurrentRequests }),
    targetUtilization: cls === 'customer-facing' ? demand.targetUtilization : 1,
  };
}

/** Seconds a request takes at most within an SLO. */
const sloLatencySeconds = (goal: InferenceGoal) =>
  (goal.slo.timeToFirstTokenMs + (goal.outputTokens - 1) * goal.slo.timePerOutputTokenMs) / 1000;

const inFlightAt = (demand: Demand, latencySeconds: number) =>
  Math.max(demand.concurrentRequests ?? 0, (demand.peakRequestsPerSecond ?? 0) * latencySeconds);

/**
 * One caller's demand or sustained traffic, decided without a search when the figures leave no
 * doubt: at most about one request in flight even at the slowest latency the personal SLO allows
 * is personal; more than that even at the fastest stream any hardware generates is traffic.
 */
function classify(w: InferenceDemand, demand: Demand): DemandClass | undefined {
  if (demand.basis === 'assumed-personal') return 'personal';
  if ((demand.concurrentRequests ?? 0) > PERSONAL_MAX_IN_FLIGHT) return 'customer-facing';
  if (demand.peakRequestsPerSecond === undefined) return 'personal';
  const slowest = sloLatencySeconds(goalFor(w, demand, 'personal'));
  if (inFlightAt(demand, slowest) <= PERSONAL_MAX_IN_FLIGHT) return 'personal';
  const fastest = (w.outputTokens * MIN_TIME_PER_OUTPUT_TOKEN_MS) / 1000;
  if (inFlightAt(demand, fastest) > PERSONAL_MAX_IN_FLIGHT) return 'customer-facing';
  return undefined;
}

export function planInference(input: PlanInput, w: InferenceDemand, setting: InferenceSetting): Plan {
  checkContext(input.model, w);
  const demand = demandOf(w);
  // What does not depend on the demand class is computed once for both searches.
  const estimators = new Map();
  const bounded = boundedWork(workItems(setting.candidates, input), input, w);
  const search = (cls: DemandClass, cheapestOnly = false) => {
    const goal = goalFor(w, demand, cls);
    const ctx = { input, goal, estimators, bounded, cheapestOnly };
    return { cls, goal, result: searchOptions(setting.candidates, ctx) };
  };
  let cls = classify(w, demand);
  if (cls === undefined) {
    // Ambiguous by the figures alone: personal if the cheapest personal plan's own latency keeps
    // at most one request in flight (Little's law), else sustained traffic. Only that cheapest
    // option is needed to tell; the chosen demand's search then finds everything else.
    const probe = cheapest(search('personal', true).result.options);
    const oneCaller =
      probe && inFlightAt(demand, (probe.requestLatencyMs ?? 0) / 1000) <= PERSONAL_MAX_IN_FLIGHT;
    cls = oneCaller ? 'personal' : 'customer-facing';
  }
  const run = search(cls);
  const kept = ownedUnderDefault(setting.candidates, w, run.goal, run.result, (goal, owned) =>
    searchOptions(owned, { input, goal, estimators }),
  );
  return finish(input, w, demand, run.cls, run.goal, kept?.result ?? run.result, setting, kept?.underDefault);
}

type UnderDefault = NonNullable<Extract<RationaleItem, { code: 'owned-fits' }>['underDefault']>;

/**
 * Owned hardware whose nearest miss is an SLO default (not a stated target) by at most
 * OWNED_DEFAULT_SLO_SLACK: searched again against that default loosened by the slack, and kept
 * beside the cloud options, where at no cost per hour it is the recommendation.
 */
function ownedUnderDefault(
  candidates: readonly HardwareCandidate[],
  w: InferenceDemand,
  goal: InferenceGoal,
  result: SearchResult,
  searchOwned: (goal: InferenceGoal, owned: readonly HardwareCandidate[]) => SearchResult,
): { result: SearchResult; underDefault: UnderDefault } | undefined {
  const best = cheapest(result.options);
  if (best && isOwned(best.machine)) return undefined;
  const owned = candidates.filter((c) => isOwned(c.machine));
  const ownedTypes = new Set(owned.map((c) => c.machine.instanceType));
  const miss = nearest(result.misses.filter((m) => ownedTypes.has(m.instanceType)));
  if (!miss || miss.factor > OWNED_DEFAULT_SLO_SLACK) return undefined;
  const sloField =
    miss.reason.code === 'decode-speed'
      ? 'timePerOutputTokenMs'
      : miss.reason.code === 'first-token'
        ? 'timeToFirstTokenMs'
        : undefined;
  if (!sloField || w.slo?.[sloField] !== undefined) return undefined;
  const defaultValue = goal.slo[sloField];
  const loosened = searchOwned(
    { ...goal, slo: { ...goal.slo, [sloField]: defaultValue * OWNED_DEFAULT_SLO_SLACK } },
    owned,
  );
  const found = cheapest(loosened.options);
  if (!found) return undefined;
  return {
    result: {
      ...result,
      options: [...result.options, ...loosened.options],
      misses: result.misses.filter(
        (m) => !loosened.options.some((o) => o.machine.instanceType === m.instanceType),
      ),
      stats: {
        candidates: result.stats.candidates,
        estimates: result.stats.estimates + loosened.stats.estimates,
      },
    },
    underDefault: { sloField, defaultValue, slack: OWNED_DEFAULT_SLO_SLACK },
  };
}

function finish(
  input: PlanInput,
  w: InferenceDemand,
  demand: Demand,
  cls: DemandClass,
  goal: InferenceGoal,
  result: SearchResult,
  setting: InferenceSetting,
  underDefault?: UnderDefault,
): Plan {
  const { misses, stats } = result;
  const hours = demand.activeHoursPerDay;
  const options = result.options.map((o) => atUsage(o, hours));
  const best = cheapest(options);
  if (!best) throw new NoFeasiblePlanError(input.region, nearest(misses));
  const usage = usageOf(demand, (best.requestLatencyMs ?? 0) / 1000);
  const priced = (o: PlanOption) => withCostPerToken(o, usage);
  const recommendation = priced(best);

  const tier: Tier =
    cls === 'customer-facing'
      ? 'customer-facing'
      : needsLargeModelHardware(best)
        ? 'large-model'
        : 'personal';
  const managed = managedOptions(setting.managed.prices, input.presetId, {
    requestsPerDay: usage.requestsPerDay,
    ...w,
  });
  const curve =
    result.inference &&
    costCurve(selfHostedCurve(result.inference.work, result.inference.context, demand), managed[0], {
      requestsPerDay: usage.requestsPerDay,
      monthlyUsd: monthOf(best),
    });

  const rationale: RationaleItem[] = [];
  const slo = goal.slo;
  if (!w.slo?.timeToFirstTokenMs || !w.slo?.timePerOutputTokenMs) {
    rationale.push({ code: 'default-slo', demand: cls, ...slo });
  }
  if (demand.basis === 'assumed-personal') {
    rationale.push({ code: 'assumed-usage', requestsPerDay: usage.requestsPerDay });
  } else if (demand.basis === 'requests-per-day') {
    rationale.push({
      code: 'daily-peak',
      requestsPerDay: usage.requestsPerDay,
      peakRequestsPerSecond: usage.peakRequestsPerSecond,
      peakFactor: usage.peakFactor,
      activeHoursPerDay: hours,
    });
  }
  rationale.push(needsItem(input, best, goal));
  if (
    cls === 'customer-facing' &&
    best.replicas !== undefined &&
    best.requestsPerSecondPerReplica !== undefined
  ) {
    rationale.push({
      code: 'replicas',
      requestsPerSecondPerReplica: best.requestsPerSecondPerReplica,
      replicas: best.replicas,
      sequencesInFlight: usage.sequencesInFlight,
      targetUtilization: goal.targetUtilization,
    });
  }
  rationale.push(tierItem(tier, best, { sequencesInFlight: usage.sequencesInFlight, basis: usage.basis }));
  const ownedMiss = bestOwnedMiss(misses, setting.candidates);
  if (isOwned(best.machine)) {
    rationale.push({ code: 'owned-fits', option: best, ...(underDefault && { underDefault }) });
  } else {
    if (ownedMiss) rationale.push(ownedMiss);
    rationale.push({
      code: 'cheapest',
      option: best,
      searched: setting.cloudCount,
      cheaperMiss: cheaperMiss(best, misses),
    });
    if (best.purchaseOption === 'part-time') {
      rationale.push({ code: 'part-time', activeHoursPerDay: hours, monthlyUsd: monthOf(best) });
    }
  }
  rationale.push({
    code: 'managed',
    managed: managed[0],
    ...(setting.managed.missing && { missing: setting.managed.missing }),
    ...(curve && { curve }),
    usage,
    recommendationMonthlyUsd: monthOf(best),
  });

  return {
    work: 'inference',
    tier,
    recommendation,
    alternatives: alternativesFor(best, options, {
      activeHoursPerDay: hours,
      suggestPartTime: cls === 'personal' && !demand.activeHoursGiven,
      basis: input.constraints?.purchaseOption,
      job: false,
    }).map((a) => ({ ...a, option: priced(a.option) })),
    rationale,
    requirements: inferenceRequirements(input, best, goal),
    pricing: setting.pricing,
    usage,
    managed,
    ...(curve && { costCurve: curve }),
    options: keptOptions(options, best).map(priced),
    misses: nearestMisses(misses),
    search: stats,
  };
}

/** The cost per million output tokens at the usage: the month over the month's output tokens. */
function withCostPerToken(o: PlanOption, usage: Usage): PlanOption {
  const costPerMillion = (monthOf(o) / (usage.outputTokensPerDay * (730 / 24))) * 1e6;
  // A vanishing usage has no meaningful price per token.
  if (Number.isFinite(costPerMillion)) o.costPerMillionOutputTokensUsd = costPerMillion;
  return o;
}

function needsItem(input: PlanInput, best: PlanOption, goal: InferenceGoal): RationaleItem {
  const { model } = input;
  const sequenceTokens = goal.inputTokens + goal.outputTokens;
  return {
    code: 'inference-needs',
    model: model.name,
    precision: best.precision,
    weightsGiB: bytesToGiB(model.parameters * bytesPerWeight(best.precision)),
    kvCacheGiBPerSequence: bytesToGiB(kvCacheBytes(model, sequenceTokens, 2)),
    sequenceTokens,
  };
}

/** The owned machine that came closest, when owned hardware was given but none sufficed. */
function bestOwnedMiss(
  misses: readonly PlanMiss[],
  candidates: readonly HardwareCandidate[],
): RationaleItem | undefined {
  const ownedTypes = new Map(
    candidates.flatMap((c) =>
      isOwned(c.machine) ? [[c.machine.instanceType, c.machine.label] as const] : [],
    ),
  );
  if (ownedTypes.size === 0) return undefined;
  const miss = nearest(misses.filter((m) => ownedTypes.has(m.instanceType)));
  return miss && { code: 'owned-short', miss, label: ownedTypes.get(miss.instanceType) ?? miss.instanceType };
}

/** The options for the cost-against-speed chart: the frontier and the cheapest others, at most 40. */
function keptOptions(options: readonly PlanOption[], best: PlanOption): PlanOption[] {
  const byCost = [...options].sort((a, b) => costOf(a) - costOf(b) || b.speed - a.speed);
  const frontier: PlanOption[] = [];
  let fastest = -1;
  for (const o of byCost) {
    if (o.speed > fastest) {
      frontier.push(o);
      fastest = o.speed;
    }
  }
  const kept = new Set([best, ...frontier.slice(0, 20)]);
  for (const o of byCost) {
    if (kept.size >= 40) break;
    kept.add(o);
  }
  return byCost.filter((o) => kept.has(o));
}
