/**
 * Usage: what the plan is sized and priced for. A daily volume is spread over the active hours and
 * sized at its peak; a rate is sized as given; sequences in flight come from Little's law on the
 * plan's own latency (in flight = arrivals per second x seconds each request takes).
 */
import {
  ASSUMED_PERSONAL_REQUESTS_PER_DAY,
  DEFAULT_TARGET_UTILIZATION,
  REQUESTS_PER_DAY_PEAK_FACTOR,
} from './defaults.js';
import type { InferenceDemand } from './input.js';

/** How the caller stated the volume. */
export type VolumeBasis =
  | 'requests-per-day'
  | 'requests-per-second'
  | 'concurrent-requests'
  | 'assumed-personal';

export interface Demand {
  inputTokens: number;
  outputTokens: number;
  activeHoursPerDay: number;
  /** Whether the caller gave the active hours (else 24, always on). */
  activeHoursGiven: boolean;
  peakFactor: number;
  targetUtilization: number;
  basis: VolumeBasis;
  /** Known unless only a concurrency was given (then it follows from the plan's latency). */
  requestsPerDay?: number;
  /** The rate to size for; undefined when only a concurrency was given. */
  peakRequestsPerSecond?: number;
  concurrentRequests?: number;
}

export interface Usage {
  requestsPerDay: number;
  inputTokensPerDay: number;
  outputTokensPerDay: number;
  peakRequestsPerSecond: number;
  peakFactor: number;
  /** At peak, on the plan's own latency. */
  sequencesInFlight: number;
  activeHoursPerDay: number;
  basis: VolumeBasis;
}

export function demandOf(w: InferenceDemand): Demand {
  const t = w.traffic ?? {};
  const activeHoursPerDay = t.activeHoursPerDay ?? 24;
  const activeSeconds = activeHoursPerDay * 3600;
  // A daily volume peaks above its average; a stated rate or concurrency is what to size for.
  const dailyVolume =
    t.requestsPerDay !== undefined ||
    (t.requestsPerSecond === undefined && t.concurrentRequests === undefined);
  const peakFactor = dailyVolume ? (t.peakFactor ?? REQUESTS_PER_DAY_PEAK_FACTOR) : 1;
  const common = {
    inputTokens: w.inputTokens,
    outputTokens: w.outputTokens,
    activeHoursPerDay,
    activeHoursGiven: t.activeHoursPerDay !== undefined,
    peakFactor,
    targetUtilization: t.targetUtilization ?? DEFAULT_TARGET_UTILIZATION,
    ...(t.concurrentRequests !== undefined && { concurrentRequests: t.concurrentRequests }),
  };
  if (t.requestsPerDay !== undefined) {
    const peak = (t.requestsPerDay / activeSeconds) * peakFactor;
    return {
      ...common,
      basis: 'requests-per-day',
      requestsPerDay: t.requestsPerDay,
      peakRequestsPerSecond: Math.max(t.requestsPerSecond ?? 0, peak),
    };
  }
  if (t.requestsPerSecond !== undefined) {
    // A sustained rate: sized as given, and kept up over the active hours.
    return {
      ...common,
      basis: 'requests-per-second',
      requestsPerDay: t.requestsPerSecond * activeSeconds,
      peakRequestsPerSecond: t.requestsPerSecond,
    };
  }
  if (t.concurrentRequests !== undefined) return { ...common, basis: 'concurrent-requests' };
  const requestsPerDay = ASSUMED_PERSONAL_REQUESTS_PER_DAY;
  return {
    ...common,
    basis: 'assumed-personal',
    requestsPerDay,
    peakRequestsPerSecond: (requestsPerDay / activeSeconds) * peakFactor,
  };
}

/** The usage a plan was sized for, given the latency of the way it runs (seconds per request). */
export function usageOf(d: Demand, requestLatencySeconds: number): Usage {
  const concurrent = d.concurrentRequests ?? 0;
  const peak = d.peakRequestsPerSecond ?? concurrent / requestLatencySeconds;
  const requestsPerDay = d.requestsPerDay ?? peak * d.activeHoursPerDay * 3600;
  return {
    requestsPerDay,
    inputTokensPerDay: requestsPerDay * d.inputTokens,
    outputTokensPerDay: requestsPerDay * d.outputTokens,
    peakRequestsPerSecond: peak,
    peakFactor: d.peakFactor,
    sequencesInFlight: Math.max(concurrent, peak * requestLatencySeconds),
    activeHoursPerDay: d.activeHoursPerDay,
    basis: d.basis,
  };
}

/** The peak rate at a daily volume, for this demand's hours and peak factor (the cost curve). */
export const peakRateAt = (d: Demand, requestsPerDay: number): number =>
  (requestsPerDay / (d.activeHoursPerDay * 3600)) * d.peakFactor;
