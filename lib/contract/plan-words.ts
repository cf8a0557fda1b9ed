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

/** "2x p4d.24xlarge (8x NVIDIA A100 SXM4 40 GB)", "c7g.4xlarge (16 vCPUs, graviton3)". */
export function describeHardware(o: Pick<PlanOption, 'instance' | 'instanceCount'>): string {
  const i = o.instance;
  const what = i.accelerator
    ? `${i.acceleratorCount}x ${findAccelerator(i.accelerator)?.name ?? i.accelerator}`
    : `${i.vcpus} vCPUs, ${i.cpu}`;
  return `${o.instanceCount > 1 ? `${o.instanceCount}x ` : ''}${i.instanceType} (${what})`;
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
      if ('instancesForWeights' in r)
        return `needs about ${r.instancesForWeights} instances to hold the weights`;
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
      return 'unsized' in r ? 'the fleet could not be sized' : `needs ${r.replicas} replicas for the traffic`;
    case 'budget':
      return `$${r.hourlyUsd.toFixed(2)}/h is over the $${r.maxHourlyUsd}/h limit`;
    case 'deadline':
      return `takes ${r.hours.toFixed(1)} h on ${r.instances} instance${r.instances > 1 ? 's' : ''}, over the ${r.deadlineHours} h deadline${alone}`;
  }
}

const kindNames = { cpu: 'CPU', gpu: 'GPU', neuron: 'Neuron (Inferentia/Trainium)' } as const;

export function alternativeWhy({ option, why }: Alternative): string {
  const cost = `${why.costRatio.toFixed(1)}x the cost`;
  switch (why.code) {
    case 'fastest':
      return `Fastest option: ${why.speedup.toFixed(1)}x the speed for ${cost}.`;
    case 'cheapest-of-kind':
      return `Cheapest ${kindNames[why.kind]} option: ${cost}.`;
    case 'runner-up':
      return `Next cheapest hardware: ${cost}.`;
    case 'spot': {
      const where = why.sameHardware
        ? 'Same hardware'
        : `Cheapest option with a known spot price (${option.instance.instanceType})`;
      return `${where} on spot at an indicative ${usd(option.unitHourlyUsd)}/h: ${cost}, but it can be interrupted.`;
    }
  }
}

/**
 * One rationale sentence. `estimateOf` gives the v1 estimate of an option: the speed sentence quotes
 * the figures as the response shows them.
 */
export function rationaleText(item: RationaleItem, estimateOf: (o: PlanOption) => EstimateResponse): string {
  switch (item.code) {
    case 'default-slo':
      return `No complete SLO given, so the plan assumes ${defaultSlo[item.demand].why} (first token within ${item.timeToFirstTokenMs} ms, at most ${item.timePerOutputTokenMs} ms per output token).`;
    case 'daily-peak':
      return `${item.requestsPerDay} requests per day is sized for a peak of ${item.peakRequestsPerSecond.toFixed(2)} requests/s (${item.peakFactor}x the daily average).`;
    case 'inference-needs':
      return `${item.model} at ${item.precision} needs ${item.weightsGiB.toFixed(1)} GiB for its weights and ${item.kvCacheGiBPerSequence.toFixed(2)} GiB of KV cache per ${item.sequenceTokens}-token sequence; each generated token streams the weights once, so decode speed is set by memory bandwidth.`;
    case 'replicas':
      return `One replica sustains ${item.requestsPerSecondPerReplica.toFixed(2)} requests/s within the SLO; the traffic needs ${item.replicas} replica${item.replicas > 1 ? 's' : ''} (${item.sequencesInFlight} sequences in flight by Little's law).`;
    case 'training-needs':
      return `${item.model} ${item.work === 'training' ? 'training' : `${item.work} fine-tuning`} over ${item.tokens.toExponential(2)} tokens is about ${item.flops.toExponential(2)} FLOPs (6 per active parameter per token)${item.deadlineHours ? `, within ${item.deadlineHours} h` : ''}.`;
    case 'tier':
      if (item.tier === 'customer-facing') {
        return `Tier customer-facing: sustained traffic with latency targets, served by a fleet of ${item.replicas} replica${item.replicas > 1 ? 's' : ''}.`;
      }
      if (item.tier === 'large-model') {
        return item.accelerators > 1
          ? `Tier large-model: the workload needs ${item.accelerators} accelerators working together.`
          : `Tier large-model: it needs ${item.perDeviceGiB.toFixed(1)} GiB on one accelerator, more than a ${item.largeModelGiB} GiB (24 GB-class) GPU holds.`;
      }
      return 'Tier personal: one instance for light, single-user use.';
    case 'cheapest': {
      const best = item.option;
      const inf = estimateOf(best).inference;
      const speed = inf
        ? `it decodes at ${inf.decodeTokensPerSecond.toFixed(1)} tokens/s per stream with a first token after ${inf.timeToFirstTokenMs.toFixed(0)} ms (${inf.bottleneck} bound)`
        : `the job takes ${best.jobHours?.toFixed(1)} h for ${usd(best.jobCostUsd ?? 0)}`;
      let sentence = `${describeHardware(best)} at ${best.precision} is the cheapest way to meet the requirement among the ${item.searched} instance types searched, at ${usd(best.hourlyUsd)}/h; ${speed}.`;
      const m = item.cheaperMiss;
      if (m) sentence += ` Cheaper hardware falls short: ${m.instanceType} at ${m.precision} ${missText(m)}.`;
      return sentence;
    }
  }
}

/** The 422 detail when nothing satisfies the request. */
export function noFeasiblePlanText(error: NoFeasiblePlanError): string {
  const m = error.nearestMiss;
  return m
    ? `No hardware in ${error.region} satisfies the request. Nearest miss: ${m.instanceCount > 1 ? `${m.instanceCount}x ` : ''}${m.instanceType} at ${m.precision}: ${missText(m)} (${m.factor.toFixed(2)}x off).`
    : `No priced hardware in ${error.region} can run this workload with the given engine, precision and constraints.`;
}
