/**
 * Every sentence a v1 plan says, written from the planner's data: the rationale, why each
 * alternative is shown, why candidates fell short, and the answer when nothing fits.
 */
import { findAccelerator } from '../hardware/index.js';
import { defaultSlo } from '../planner/defaults.js';
import type {
  Alternative,
  NoFeasiblePlanError,
  PlanMiss,
  PlanOption,
  RationaleItem,
} from '../planner/index.js';
import type { EstimateResponse } from './schemas.js';
import { noteText } from './words.js';

/** Dollars as people read them: whole dollars from $100, cents from $1, a tenth of a cent below. */
export const usd = (x: number) => (x >= 100 ? `$${x.toFixed(0)}` : `$${x.toFixed(x >= 1 ? 2 : 3)}`);

/** 1234567 → "1,234,567" (en-US grouping). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A per-token price with its cents: "$0.10", "$0.072". */
const perMillion = (x: number) => `$${x >= 0.1 ? x.toFixed(2) : Number(x.toPrecision(2))}`;

/** " (including 6 min to start the instances and load the weights)", for a job that says it. */
const setupWords = (o: PlanOption) =>
  o.setupHours === undefined ? '' : ` (including ${duration(o.setupHours)} to start and load the weights)`;

/** A count people read: 61,000 rather than 61034.2. */
export function approx(x: number): string {
  // Not toLocaleString: its first call loads ICU number formatting, about 15 ms of a cold start.
  if (x >= 100) return thousands(Math.round(Number(x.toPrecision(2))));
  if (x >= 10) return x.toFixed(0);
  return Number(x.toPrecision(2)).toString();
}

/** A duration people read: "65 h", "4.3 h", "17 min", "40 s". */
export function duration(hours: number): string {
  if (hours >= 10) return `${hours.toFixed(0)} h`;
  if (hours >= 1) return `${hours.toFixed(1)} h`;
  const minutes = hours * 60;
  return minutes >= 1
    ? `${Number(minutes.toPrecision(2))} min`
    : `${Number((minutes * 60).toPrecision(2))} s`;
}

const isOwnedOption = (o: PlanOption) => 'owned' in o.machine;

/** "2x p4d.24xlarge (8x NVIDIA A100 SXM4 40 GB)", "c7g.4xlarge (16 vCPUs, graviton3)", "your NVIDIA RTX 4090". */
export function describeHardware(o: Pick<PlanOption, 'machine' | 'instanceCount'>): string {
  const m = o.machine;
  if ('owned' in m) return m.label;
  const what = m.accelerator
    ? `${m.acceleratorCount}x ${findAccelerator(m.accelerator)?.name ?? m.accelerator}`
    : `${m.vcpus} vCPUs, ${m.cpu}`;
  return `${o.instanceCount > 1 ? `${o.instanceCount}x ` : ''}${m.instanceType} (${what})`;
}

/** What a candidate fell short on, with the figures. */
export function missText(m: PlanMiss): string {
  const r = m.reason;
  const alone =
    m.noClusterNetworkGbps !== undefined
      ? ` (at ${m.noClusterNetworkGbps} Gb/s it has no cluster network to train across instances)`
      : '';
  switch (r.code) {
    case 'memory':
      if ('instancesForWeights' in r) {
        return m.owned
          ? `cannot hold the weights: they need about ${r.instancesForWeights} times its memory`
          : `needs about ${r.instancesForWeights} instances to hold the weights`;
      }
      return `${r.note ? noteText(r.note) : 'does not fit'}${alone}`;
    case 'decode-speed':
      return 'boundTokensPerSecond' in r
        ? `decodes at most ${r.boundTokensPerSecond.toFixed(1)} tokens/s per stream (its memory bandwidth over the weights), below the ${r.targetTokensPerSecond.toFixed(1)} tokens/s target`
        : `decodes at ${r.tokensPerSecond.toFixed(1)} tokens/s per stream, below the ${r.targetTokensPerSecond.toFixed(1)} tokens/s target (${r.bottleneck} bound)`;
    case 'first-token':
      return 'boundMs' in r
        ? `needs at least ${r.boundMs.toFixed(0)} ms to prefill the prompt at its peak FLOP/s, over the ${r.targetMs} ms first-token target`
        : `first token after ${r.timeToFirstTokenMs.toFixed(0)} ms, over the ${r.targetMs} ms target`;
    case 'replicas':
      if ('unsized' in r) return 'the fleet could not be sized';
      return r.available === 1
        ? `one machine carries at most ${approx(100 / (r.replicas / r.available))}% of the traffic (it needs ${r.replicas})`
        : `needs ${r.replicas} replicas for the traffic`;
    case 'budget':
      if (r.forDeadline) {
        return `needs a fleet costing $${r.hourlyUsd.toFixed(2)}/h to meet the deadline, over the $${r.maxHourlyUsd}/h limit`;
      }
      return `${r.atLeast ? 'costs at least ' : ''}$${r.hourlyUsd.toFixed(2)}/h${r.atLeast ? ' for this workload,' : ''} over the $${r.maxHourlyUsd}/h limit${
        r.boundTokensPerSecond !== undefined
          ? `, and decodes at most ${r.boundTokensPerSecond.toFixed(1)} tokens/s per stream, below the ${r.targetTokensPerSecond?.toFixed(1)} tokens/s target`
          : ''
      }`;
    case 'deadline':
      if ('setupHours' in r) {
        return `needs ${duration(r.setupHours)} just to start and load the weights, over the ${duration(r.deadlineHours)} deadline`;
      }
      return `takes ${duration(r.hours)} on ${r.instances} instance${r.instances > 1 ? 's' : ''}, over the ${duration(r.deadlineHours ?? r.hours)} deadline${alone}`;
  }
}

const kindNames = { cpu: 'CPU', gpu: 'GPU', neuron: 'Neuron (Inferentia/Trainium)' } as const;

const termNames: Record<string, string> = {
  'reserved-1yr': '1-year reserved',
  'reserved-3yr': '3-year reserved',
  'savings-plan-1yr': '1-year Savings Plan',
  'savings-plan-3yr': '3-year Savings Plan',
};

const month = (o: PlanOption) => o.monthlyUsd ?? o.jobCostUsd ?? 0;

export function alternativeWhy({ option, why }: Alternative): string {
  const cost = Number.isFinite(why.costRatio)
    ? `${why.costRatio.toFixed(1)}x the cost`
    : `${usd(month(option))}${option.jobCostUsd !== undefined ? ' for the job' : ' a month'}`;
  switch (why.code) {
    case 'fastest':
      return `Fastest option: ${why.speedup.toFixed(1)}x the speed for ${cost}.`;
    case 'cheapest-of-kind':
      return `Cheapest ${kindNames[why.kind]} option: ${cost}.`;
    case 'runner-up':
      if (why.costRatio < 1) {
        // It lost a tie: within 1% of a job's cost, fewer accelerators win, then the faster.
        const less = `${((1 - why.costRatio) * 100).toFixed(1)}% less`;
        return why.speedRatio < 1
          ? `Next cheapest hardware: ${less}, a tie within 1%, so the plan takes the faster (this one has ${why.speedRatio.toFixed(2)}x the speed).`
          : `Next cheapest hardware: ${less}, a tie within 1%, so the plan takes the one with fewer accelerators.`;
      }
      return `Next cheapest hardware: ${cost}.`;
    case 'cheapest-cloud':
      return `Cheapest cloud way, for when your own machine is busy or away: ${usd(month(option))}${option.jobCostUsd !== undefined ? ' for the job' : ' a month'}.`;
    case 'committed':
      return `Same hardware on a ${termNames[option.purchaseOption] ?? option.purchaseOption} commitment${option.priceDerived ? ' (rate derived from typical discounts, not a published price)' : ''}: ${usd(month(option))} a month, saving ${usd(why.savingUsd)} (${(why.savingFraction * 100).toFixed(0)}%), billed every hour of the term whether used or not.`;
    case 'part-time':
      return `Same hardware started only ${why.activeHoursPerDay} hours a day${why.assumedHours ? ' (a working day; say traffic.activeHoursPerDay for your hours)' : ''}: ${usd(month(option))} a month, ${cost}.`;
    case 'spot': {
      const where = why.sameHardware
        ? 'Same hardware'
        : `Cheapest option with a known spot price (${option.machine.instanceType})`;
      const price = `${option.priceIndicative ? 'an indicative ' : ''}${usd(option.unitHourlyUsd)}/h`;
      return `${where} on spot at ${price}: ${cost}, but it can be interrupted.`;
    }
  }
}

function managedText(item: Extract<RationaleItem, { code: 'managed' }>): string {
  if (item.missing === 'excluded') return '';
  if (item.missing === 'custom-model')
    return 'A custom architecture has no managed per-token price to compare with.';
  if (!item.managed) {
    return 'Amazon Bedrock does not serve this model on demand in this region, so there is no per-token price to compare with.';
  }
  const m = item.managed;
  const prices =
    m.inputPerMillionUsd === m.outputPerMillionUsd
      ? `${perMillion(m.inputPerMillionUsd)} per million input or output tokens`
      : `${perMillion(m.inputPerMillionUsd)} per million input and ${perMillion(m.outputPerMillionUsd)} per million output tokens`;
  const selfHosted =
    item.recommendationMonthlyUsd > 0
      ? `${usd(item.recommendationMonthlyUsd)} self-hosted`
      : 'nothing on hardware you own';
  const here = `${selfHosted} against ${usd(m.monthlyUsd)} on Bedrock a month at this usage`;
  const curve = item.curve;
  if (curve?.cheaperEverywhere === 'managed') {
    return `Amazon Bedrock (${prices}) costs less than any self-hosted way at every volume up to 10 million requests a day: ${here}.`;
  }
  if (curve?.cheaperEverywhere === 'self-hosted') {
    return `Self-hosting costs less than Amazon Bedrock (${prices}) at every volume charted: ${here}.`;
  }
  const breakEven = curve?.breakEvenRequestsPerDay;
  const ownedUpTo = curve?.ownedCarriesRequestsPerDay;
  if (ownedUpTo !== undefined && item.recommendationMonthlyUsd === 0) {
    const beyond =
      breakEven !== undefined
        ? `above that, Amazon Bedrock at ${prices} costs less than the cloud until about ${approx(breakEven)} requests a day, where self-hosting in the cloud starts to pay`
        : `above that, Amazon Bedrock at ${prices} is the cheaper way`;
    return `Your own hardware costs nothing per token up to about ${approx(ownedUpTo)} requests a day (what it carries within the SLO); ${beyond}. Managed at this usage: ${usd(m.monthlyUsd)} a month.`;
  }
  if (item.recommendationMonthlyUsd === 0) {
    const cloud =
      breakEven !== undefined
        ? `; a rented instance starts to pay against it above about ${approx(breakEven)} requests a day`
        : '';
    return `Amazon Bedrock (${prices}) would cost ${usd(m.monthlyUsd)} a month at this usage, against nothing on the hardware you own${cloud}.`;
  }
  if (breakEven === undefined) return `Amazon Bedrock on demand (${prices}): ${here}.`;
  const managedCheaper = m.monthlyUsd < item.recommendationMonthlyUsd;
  return `Self-hosting starts to pay above about ${approx(breakEven)} requests a day (${approx(breakEven / 86_400)} requests/s on average); below that, Amazon Bedrock at ${prices} costs less. At ${approx(item.usage.requestsPerDay)} requests a day ${managedCheaper ? 'Bedrock is cheaper' : 'self-hosting is cheaper'}: ${here}.`;
}

function tierText(item: Extract<RationaleItem, { code: 'tier' }>): string {
  const inFlight =
    item.sequencesInFlight === undefined
      ? ''
      : `${approx(item.sequencesInFlight)} requests in flight at peak by Little's law`;
  if (item.tier === 'customer-facing') {
    return `Tier customer-facing: sustained traffic with latency targets${inFlight ? ` (${inFlight})` : ''}, served by a fleet of ${item.replicas} replica${item.replicas > 1 ? 's' : ''}.`;
  }
  if (item.job) {
    const on =
      item.accelerators > 0
        ? `${item.accelerators} accelerator${item.accelerators > 1 ? 's' : ''}`
        : `${item.instances} CPU instance${(item.instances ?? 1) > 1 ? 's' : ''}`;
    if (item.tier === 'personal') return `Tier personal: one machine (${on}) does this job.`;
    return item.accelerators > 1 || (item.instances ?? 1) > 1
      ? `Tier large-model: the job runs on ${on}${(item.instances ?? 1) > 1 ? ` over ${item.instances} instances` : ''}, the fewest that fit it and meet the deadline at this cost.`
      : `Tier large-model: as planned it uses ${item.perDeviceGiB.toFixed(1)} GiB on one ${item.accelerators > 0 ? 'accelerator' : 'machine'}, more than a ${item.largeModelGiB} GiB (24 GB-class) GPU holds.`;
  }
  if (item.tier === 'large-model') {
    return item.accelerators > 1
      ? `Tier large-model: the workload needs ${item.accelerators} accelerators working together.`
      : `Tier large-model: it needs ${item.perDeviceGiB.toFixed(1)} GiB on one ${item.accelerators > 0 ? 'accelerator' : 'machine'}, more than a ${item.largeModelGiB} GiB (24 GB-class) GPU holds.`;
  }
  if (item.basis === 'assumed-personal')
    return 'Tier personal: one person, one request at a time, on one machine.';
  if (item.sequencesInFlight !== undefined) {
    return `Tier personal: at most about one request in flight (${inFlight} on this plan's latency), one machine for one caller.`;
  }
  return 'Tier personal: one instance for light, single-user use.';
}

/**
 * One rationale sentence ('' when it has nothing to say). `estimateOf` gives the v1 estimate of an
 * option: the speed sentences quote the figures as the response shows them.
 */
export function rationaleText(item: RationaleItem, estimateOf: (o: PlanOption) => EstimateResponse): string {
  switch (item.code) {
    case 'default-slo':
      return `No complete SLO given, so the plan assumes ${defaultSlo[item.demand].why} (first token within ${item.timeToFirstTokenMs} ms, at most ${item.timePerOutputTokenMs} ms per output token).`;
    case 'assumed-usage':
      return `No traffic given, so the plan is for one person at about ${item.requestsPerDay} requests a day, one at a time (give workload.traffic to size and price for more).`;
    case 'daily-peak':
      return item.activeHoursPerDay < 24
        ? `${item.requestsPerDay} requests per day over ${item.activeHoursPerDay} active hours is sized for a peak of ${approx(item.peakRequestsPerSecond)} requests/s (${item.peakFactor}x their average).`
        : `${item.requestsPerDay} requests per day is sized for a peak of ${approx(item.peakRequestsPerSecond)} requests/s (${item.peakFactor}x the daily average).`;
    case 'inference-needs':
      return `${item.model} at ${item.precision} needs ${item.weightsGiB.toFixed(1)} GiB for its weights and ${item.kvCacheGiBPerSequence.toFixed(2)} GiB of KV cache per ${item.sequenceTokens}-token sequence; each generated token streams the weights once, so decode speed is set by memory bandwidth.`;
    case 'replicas': {
      const headroom =
        item.targetUtilization !== undefined
          ? `; run at most at ${(item.targetUtilization * 100).toFixed(0)}% of that for headroom, the traffic needs`
          : '; the traffic needs';
      return `One replica sustains ${item.requestsPerSecondPerReplica.toFixed(2)} requests/s within the SLO${headroom} ${item.replicas} replica${item.replicas > 1 ? 's' : ''} (${approx(item.sequencesInFlight)} requests in flight at peak by Little's law).`;
    }
    case 'training-needs':
      return `${item.model} ${item.work === 'training' ? 'training' : `${item.work} fine-tuning`} over ${item.tokens.toExponential(2)} tokens is about ${item.flops.toExponential(2)} FLOPs (6 per active parameter per token)${item.deadlineHours ? `, within ${item.deadlineHours} h` : ''}.`;
    case 'tier':
      return tierText(item);
    case 'cheapest': {
      const best = item.option;
      const inf = best.jobHours === undefined ? estimateOf(best).inference : undefined;
      const speed = inf
        ? `it decodes at ${inf.decodeTokensPerSecond.toFixed(1)} tokens/s per stream with a first token after ${inf.timeToFirstTokenMs.toFixed(0)} ms (${inf.bottleneck} bound)`
        : `the job takes ${duration(best.jobHours ?? 0)}${setupWords(best)} for ${usd(best.jobCostUsd ?? 0)}`;
      const onSpot =
        best.purchaseOption === 'spot'
          ? ` on spot${best.priceIndicative ? ' (an indicative price, not a quote)' : ''}, where it can be interrupted`
          : '';
      let sentence = `${describeHardware(best)} at ${best.precision} is the cheapest way to meet the requirement among the ${item.searched} instance types searched, at ${usd(best.hourlyUsd)}/h${onSpot}; ${speed}.`;
      const m = item.cheaperMiss;
      if (m) sentence += ` Cheaper hardware falls short: ${m.instanceType} at ${m.precision} ${missText(m)}.`;
      return sentence;
    }
    case 'owned-fits': {
      const inf = estimateOf(item.option).inference;
      const speed = inf
        ? ` It decodes at ${inf.decodeTokensPerSecond.toFixed(1)} tokens/s per stream with a first token after ${inf.timeToFirstTokenMs.toFixed(0)} ms.`
        : item.option.jobHours !== undefined
          ? ` The job takes ${duration(item.option.jobHours)}${setupWords(item.option)}.`
          : '';
      const u = item.underDefault;
      if (u && inf) {
        const short =
          u.sloField === 'timePerOutputTokenMs'
            ? `decodes at ${inf.decodeTokensPerSecond.toFixed(1)} tokens/s per stream, under the default ${(1000 / u.defaultValue).toFixed(0)} tokens/s`
            : `gives a first token after ${inf.timeToFirstTokenMs.toFixed(0)} ms, over the default ${u.defaultValue.toFixed(0)} ms`;
        return `${capitalized(describeHardware(item.option))} at ${item.option.precision} ${short}, but within ${u.slack}x of it, and it costs nothing per hour: the default is a rule of thumb, not your requirement, so it is the recommendation (state workload.slo.${u.sloField} to hold the plan to a target).`;
      }
      return `${capitalized(describeHardware(item.option))} meets the requirement at ${item.option.precision} at no cost per hour, so it is the recommendation: start with what you have.${speed}`;
    }
    case 'preset-shapes':
      return `This architecture has exactly the shapes of ${item.preset}, so it runs as fast as ${item.preset} and Amazon Bedrock's price for ${item.preset} is the managed comparison (a fine-tune of it is not served at that price: Bedrock hosts custom weights through Custom Model Import, billed by the minute).`;
    case 'owned-short':
      return `${capitalized(item.label)} falls short: at ${item.miss.precision} it ${missText(item.miss)} (${item.miss.factor.toFixed(2)}x off), so the plan uses the cheapest cloud way instead.`;
    case 'part-time':
      return `Started only for the ${item.activeHoursPerDay} active hours a day, it costs ${usd(item.monthlyUsd)} a month; stop it (or scale to zero) the rest of the day.`;
    case 'managed':
      return managedText(item);
    case 'spot-basis':
      return `Priced on spot, as asked: only ${item.typesWithSpot} of the ${item.typesOnDemand} instance types the search would consider have a spot price in the catalog${item.indicative ? ' (recent minimums, indicative, not quotes)' : ''}, so the others were not candidates.`;
    case 'batch-needs':
      return `${approx(item.requests)} requests of ${item.inputTokens} input and ${item.outputTokens} output tokens (${item.tokens.toExponential(2)} tokens, about ${item.flops.toExponential(2)} FLOPs) within ${item.deadlineHours} h: offline work, priced as a job on a fleet running each replica at full throughput.`;
    case 'managed-batch': {
      if (item.missing === 'excluded') return '';
      if (!item.managed) {
        return item.missing === 'custom-model'
          ? 'A custom architecture has no managed batch price to compare with.'
          : 'Amazon Bedrock does not serve this model in this region, so there is no batch price to compare with.';
      }
      const m = item.managed;
      const cheaper = m.monthlyUsd < item.jobCostUsd ? 'less' : 'more';
      return `Amazon Bedrock batch inference (${m.price.batchInputPerMillionUsd === undefined || m.price.batchDerived ? 'half the on-demand price, derived' : 'its published batch price'}: ${perMillion(m.inputPerMillionUsd)} per million input and ${perMillion(m.outputPerMillionUsd)} per million output tokens) costs ${usd(m.monthlyUsd)} for the job, ${cheaper} than ${usd(item.jobCostUsd)} self-hosted.`;
    }
  }
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The 422 detail when nothing satisfies the request. */
export function noFeasiblePlanText(error: NoFeasiblePlanError): string {
  const m = error.nearestMiss;
  return m
    ? `No hardware in ${error.region} satisfies the request. Nearest miss: ${m.instanceCount > 1 ? `${m.instanceCount}x ` : ''}${m.instanceType} at ${m.precision}: ${missText(m)} (${m.factor.toFixed(2)}x off).`
    : `No priced hardware in ${error.region} can run this workload with the given engine, precision and constraints.`;
}

export { isOwnedOption };
