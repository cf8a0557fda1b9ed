/**
 * A priced, estimated way to run the workload (an option), or why a candidate fell short (a miss,
 * as data: a code and the figures; lib/contract words it).
 */
import type { Precision } from '../model/precisions.js';
import type { Bottleneck, Estimate, EstimateNote } from '../perf/index.js';
import type { Machine } from './candidates.js';
import type { PurchaseOption } from './offers.js';

export interface PlanOption {
  machine: Machine;
  /** Instances (or, for owned hardware, the one machine). */
  instanceCount: number;
  precision: Precision;
  purchaseOption: PurchaseOption;
  /** USD per hour of one instance on this purchase option (0 owned). */
  unitHourlyUsd: number;
  /** USD per hour of all instances while they run. */
  hourlyUsd: number;
  /** The month at the stated usage on this purchase option (set when the plan prices its options). */
  monthlyUsd?: number;
  /** A price here is derived (regional factor, commitment discount) or indicative (spot). */
  priceDerived?: boolean;
  priceIndicative?: boolean;
  estimate: Estimate;
  /** Higher is faster: decode tokens/s per stream (inference) or 1 / job hours (training). */
  speed: number;
  costPerMillionOutputTokensUsd?: number;
  /** Inference: a request's latency and first token at the planned load, ms. */
  requestLatencyMs?: number;
  timeToFirstTokenMs?: number;
  jobHours?: number;
  jobCostUsd?: number;
  /** Of jobHours: starting the instances and loading the weights (see job-setup.ts). */
  setupHours?: number;
  /** Replicas serving traffic (inference). */
  replicas?: number;
  /** Requests one replica sustains within the SLO, per second (inference with traffic). */
  requestsPerSecondPerReplica?: number;
  concurrency?: number;
}

/** Why a candidate fell short, with the numbers that say by how much. */
export type MissReason =
  /** The workload does not fit the hardware's memory (the estimate's note says by how much). */
  | { code: 'memory'; note?: Extract<EstimateNote, { code: 'does-not-fit' | 'training-does-not-fit' }> }
  /** The weights alone need more instances than a replica may span. */
  | { code: 'memory'; instancesForWeights: number }
  | { code: 'decode-speed'; tokensPerSecond: number; targetTokensPerSecond: number; bottleneck?: Bottleneck }
  /** From a bound alone: the memory bandwidth over the weights caps the speed. */
  | { code: 'decode-speed'; boundTokensPerSecond: number; targetTokensPerSecond: number }
  | { code: 'first-token'; timeToFirstTokenMs: number; targetMs: number }
  /** From a bound alone: the prompt's FLOPs at peak take longer than the target. */
  | { code: 'first-token'; boundMs: number; targetMs: number }
  /** The traffic needs more replicas than there can be (owned hardware: the one machine). */
  | { code: 'replicas'; replicas: number; available: number }
  /** The fleet could not be sized within the SLO (each attempt missed it). */
  | { code: 'replicas'; unsized: true }
  /** `atLeast`: the price is a lower bound (the fleet the traffic needs could only cost more). */
  | {
      code: 'budget';
      hourlyUsd: number;
      maxHourlyUsd: number;
      atLeast?: boolean;
      /** A job: the fleet that meets the deadline costs this much an hour. */
      forDeadline?: boolean;
      /** It would also decode too slowly at best (its bandwidth over the weights). */
      boundTokensPerSecond?: number;
      targetTokensPerSecond?: number;
    }
  | { code: 'deadline'; hours: number; deadlineHours?: number; instances: number }
  /** Starting the instances and loading the weights alone take longer than the deadline. */
  | { code: 'deadline'; setupHours: number; deadlineHours: number };

export interface PlanMiss {
  instanceType: string;
  instanceCount: number;
  precision: Precision;
  /** What the missing fleet (or its lower bound) would cost, and one instance of it. */
  hourlyUsd: number;
  unitHourlyUsd: number;
  reason: MissReason;
  /** The candidate is a machine the caller owns. */
  owned?: boolean;
  /** Training across instances was not tried: the type has no cluster network (its Gb/s). */
  noClusterNetworkGbps?: number;
  /** How far off: 1 would be just enough; 2 is twice too slow, too big or too expensive. */
  factor: number;
  /** The workload fits this hardware (it fell short on speed, deadline or price, not memory). */
  fits: boolean;
}

/** What a search did: candidates considered and estimators prepared for them. */
export interface SearchStats {
  candidates: number;
  estimates: number;
}

/** The objective: the cost of the plan (job cost for training, hourly cost for serving). */
export const costOf = (o: PlanOption): number => o.jobCostUsd ?? o.hourlyUsd;

/**
 * Job costs closer than this are the same to the person paying (the estimate is not that exact):
 * the simpler way wins (fewer accelerators, then fewer instances).
 */
export const JOB_COST_TIE = 0.01;

/** Devices an option uses: accelerators, or the CPU instances themselves. */
export const devicesOf = (o: PlanOption): number => Math.max(1, o.machine.acceleratorCount) * o.instanceCount;

/**
 * Cheapest first. On a tie (a serving cost within a cent in a thousand dollars, a job cost within
 * 1%), fewer accelerators, then fewer instances, then the faster, then the more faithful precision
 * (earlier in the try order).
 */
export function cheapest(options: readonly PlanOption[]): PlanOption | undefined {
  let best: PlanOption | undefined;
  for (const o of options) {
    if (!best) {
      best = o;
      continue;
    }
    const a = costOf(o);
    const b = costOf(best);
    const band = o.jobCostUsd !== undefined && best.jobCostUsd !== undefined ? JOB_COST_TIE : 1e-5;
    const tie = Math.abs(a - b) <= band * Math.max(a, b);
    if (!tie) {
      if (a < b) best = o;
      continue;
    }
    const devices = devicesOf(o) - devicesOf(best);
    const instances = o.instanceCount - best.instanceCount;
    if (devices < 0 || (devices === 0 && (instances < 0 || (instances === 0 && o.speed > best.speed))))
      best = o;
  }
  return best;
}

/** Hardware that runs the workload but too slowly (or too dearly) is nearer than hardware it does not fit. */
export function nearest(misses: readonly PlanMiss[]): PlanMiss | undefined {
  const closer = (m: PlanMiss, best: PlanMiss) =>
    m.fits !== best.fits
      ? m.fits
      : m.factor < best.factor || (m.factor === best.factor && m.hourlyUsd < best.hourlyUsd);
  return misses.reduce<PlanMiss | undefined>((best, m) => (!best || closer(m, best) ? m : best), undefined);
}
