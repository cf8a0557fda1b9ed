/**
 * Offline batch inference priced as a job (issue 10): every request of the batch within the
 * deadline, on a fleet running each replica at full throughput (as many sequences as its KV pool
 * and engine hold). A replica's job cost does not depend on the fleet's size (more replicas,
 * fewer hours), so the fleet is the fewest replicas that meet the deadline, and the cheapest
 * hardware is the one with the lowest price per request.
 */

import { bytesPerWeight } from '../model/index.js';
import type { Precision } from '../model/precisions.js';
import {
  type InferenceEstimator,
  prepareInferenceEstimate,
  UnsupportedEstimateError,
} from '../perf/index.js';
import { replicaCapacityBound } from './bounds.js';
import { type HardwareCandidate, isOwned, maxUnitsOf, targetOf } from './candidates.js';
import { MAX_BATCH_INSTANCES, MAX_INSTANCES_PER_REPLICA, MAX_REPLICAS } from './defaults.js';
import { instancesPerReplica } from './inference.js';
import type { BatchJob, PlanInput } from './input.js';
import { jobSetupHours } from './job-setup.js';
import { Leaders } from './leaders.js';
import type { ManagedOption } from './managed.js';
import {
  costOf,
  JOB_COST_TIE,
  type MissReason,
  type PlanMiss,
  type PlanOption,
  type SearchStats,
} from './options.js';
import { workItems } from './search.js';

export interface BatchSearch {
  options: PlanOption[];
  misses: PlanMiss[];
  stats: SearchStats;
}

/** The price of one request on a replica, at most and as estimated. */
interface BatchItem {
  c: HardwareCandidate;
  precision: Precision;
  perReplica: number;
  /** Lower bound on the job cost from specs alone (the replica's request rate at most). */
  costBound: number;
  /** Requests per second one replica finishes at most. */
  rateBound: number;
  /** Starting an instance and loading its share of the weights (see job-setup.ts). */
  setupHours: number;
}

export function searchBatch(
  candidates: readonly HardwareCandidate[],
  input: PlanInput,
  w: BatchJob,
  exhaustive = false,
): BatchSearch {
  const options: PlanOption[] = [];
  const misses: PlanMiss[] = [];
  const stats: SearchStats = { candidates: candidates.length, estimates: 0 };
  const seconds = w.deadlineHours * 3600;
  const items: BatchItem[] = workItems(candidates, input)
    .map(({ c, precision, profile }) => {
      const bound = replicaCapacityBound(c, input.model, precision, profile, w);
      const hours = w.requests / bound.requestsPerSecond / 3600;
      const setupHours = jobSetupHours(
        (input.model.parameters * bytesPerWeight(precision)) / bound.perReplica,
      );
      return {
        c,
        precision,
        perReplica: bound.perReplica,
        // Every replica's compute at its best rate, and at least one replica's start.
        costBound: c.unitHourlyUsd * bound.perReplica * (hours + setupHours),
        rateBound: bound.requestsPerSecond,
        setupHours,
      };
    })
    .sort((a, b) => a.costBound - b.costBound);

  // As the inference search does: cheapest first, visiting what could still be the best, the
  // runner-up (another instance type) or the cheapest of its kind (ties within 1% go to fewer
  // devices, so bounds up to 1% above are still worth a look); then fastest first.
  const leaders = new Leaders();
  const done = new Set<BatchItem>();
  const within = (bound: number, o: PlanOption | undefined) => !o || bound <= costOf(o) * (1 + JOB_COST_TIE);
  const visit = (item: BatchItem) => {
    done.add(item);
    const result = evaluateBatch(item, input, w, seconds, stats);
    if (!result) return;
    if (!('estimate' in result)) {
      misses.push(result);
      return;
    }
    options.push(result);
    leaders.add(result);
  };
  for (const item of items) {
    const kind = item.c.machine.acceleratorKind;
    if (
      exhaustive ||
      within(item.costBound, leaders.second) ||
      within(item.costBound, leaders.cheapestOfKind(kind))
    ) {
      visit(item);
    }
  }
  // The fleet is the fewest replicas that meet the deadline, so a job takes at least
  // requests / (requests/deadline + one replica's rate at most): no faster than that.
  const speedBound = (item: BatchItem) => 1 / seconds + item.rateBound / w.requests;
  for (const item of items.filter((i) => !done.has(i)).sort((a, b) => speedBound(b) - speedBound(a))) {
    if (speedBound(item) * 3600 <= leaders.fastest) break;
    visit(item);
  }
  return { options, misses, stats };
}

function evaluateBatch(
  item: BatchItem,
  input: PlanInput,
  w: BatchJob,
  seconds: number,
  stats: SearchStats,
): PlanOption | PlanMiss | undefined {
  const { c, precision } = item;
  const m = c.machine;
  const miss = (instanceCount: number, reason: MissReason, factor: number, fits = true): PlanMiss => ({
    instanceType: m.instanceType,
    instanceCount,
    precision,
    hourlyUsd: c.unitHourlyUsd * instanceCount,
    unitHourlyUsd: c.unitHourlyUsd,
    reason,
    ...(isOwned(m) && { owned: true }),
    factor,
    fits,
  });
  const perReplica = instancesPerReplica(c, input.model.parameters * bytesPerWeight(precision));
  if (
    perReplica > 1 &&
    (!m.accelerator || perReplica > MAX_INSTANCES_PER_REPLICA || perReplica > maxUnitsOf(c))
  ) {
    return miss(perReplica, { code: 'memory', instancesForWeights: perReplica }, perReplica, false);
  }
  stats.estimates += 1;
  let unit: InferenceEstimator;
  try {
    unit = prepareInferenceEstimate({
      model: input.model,
      precision,
      engine: input.engine,
      target: targetOf(c, perReplica),
      parallelism: perReplica > 1 ? { tensor: m.acceleratorCount, pipeline: perReplica } : undefined,
      workload: { inputTokens: w.inputTokens, outputTokens: w.outputTokens },
    });
  } catch (e) {
    if (e instanceof UnsupportedEstimateError) return undefined;
    throw e;
  }
  const full = unit.summary('max');
  if (!full.fits || !(full.outputTokensPerSecond > 0)) {
    const e = unit.estimate(1);
    const note = e.notes.find((n) => n.code === 'does-not-fit');
    const usable = e.memory.capacityPerDeviceGiB * e.assumptions.usableMemoryFraction;
    return miss(perReplica, { code: 'memory', note }, Math.max(1, e.memory.perDeviceGiB / usable), false);
  }
  // Requests one replica finishes per second at full throughput (Little's law over its batch),
  // in what the deadline leaves after the instances start and load the weights.
  const requestsPerSecond = full.outputTokensPerSecond / w.outputTokens;
  const window = seconds - item.setupHours * 3600;
  if (window <= 0) {
    const reason = { code: 'deadline', setupHours: item.setupHours, deadlineHours: w.deadlineHours } as const;
    return miss(perReplica, reason, item.setupHours / w.deadlineHours);
  }
  const replicas = Math.max(1, Math.ceil(w.requests / (requestsPerSecond * window)));
  const maxReplicas = Math.min(MAX_REPLICAS, Math.floor(MAX_BATCH_INSTANCES / perReplica), maxUnitsOf(c));
  const fleetHours = (fleet: number) => w.requests / (fleet * requestsPerSecond) / 3600 + item.setupHours;
  // The fleet the deadline needs may be more than can start, or more than the budget buys: the
  // miss names whichever binds by more.
  const budget = input.constraints?.maxHourlyUsd;
  const neededUsd = c.unitHourlyUsd * perReplica * replicas;
  const overBudget = budget !== undefined ? neededUsd / budget : 1;
  const overDeadline = replicas > maxReplicas ? fleetHours(maxReplicas) / w.deadlineHours : 1;
  if (budget !== undefined && overBudget > 1 && overBudget >= overDeadline) {
    return miss(
      perReplica * replicas,
      { code: 'budget', hourlyUsd: neededUsd, maxHourlyUsd: budget, forDeadline: true },
      overBudget,
    );
  }
  if (overDeadline > 1) {
    const hours = fleetHours(maxReplicas);
    return miss(
      perReplica * maxReplicas,
      { code: 'deadline', hours, deadlineHours: w.deadlineHours, instances: perReplica * maxReplicas },
      overDeadline,
    );
  }
  const instanceCount = perReplica * replicas;
  const hours = fleetHours(replicas);
  const hourlyUsd = c.unitHourlyUsd * instanceCount;
  let estimate: ReturnType<InferenceEstimator['estimate']> | undefined;
  return {
    machine: m,
    instanceCount,
    precision,
    purchaseOption: c.basis,
    unitHourlyUsd: c.unitHourlyUsd,
    hourlyUsd,
    get estimate() {
      estimate ??= unit.estimate('max');
      return estimate;
    },
    speed: 1 / hours,
    jobHours: hours,
    jobCostUsd: hourlyUsd * hours,
    setupHours: item.setupHours,
    replicas,
    concurrency: full.concurrency,
  };
}

/** Bedrock batch inference for the whole job: its per-token batch prices (half of on demand). */
export function managedBatch(managed: readonly ManagedOption[], w: BatchJob): ManagedOption[] {
  return managed
    .map((m) => {
      const inputPrice = m.price.batchInputPerMillionUsd ?? m.price.inputPerMillionUsd / 2;
      const outputPrice = m.price.batchOutputPerMillionUsd ?? m.price.outputPerMillionUsd / 2;
      const jobUsd = (w.requests * (w.inputTokens * inputPrice + w.outputTokens * outputPrice)) / 1e6;
      return {
        ...m,
        batch: true,
        inputPerMillionUsd: inputPrice,
        outputPerMillionUsd: outputPrice,
        monthlyUsd: jobUsd,
        monthlyUsdPerDailyRequest: 0,
      };
    })
    .sort((a, b) => a.monthlyUsd - b.monthlyUsd);
}
