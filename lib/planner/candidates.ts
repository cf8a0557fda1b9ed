/**
 * Which hardware is worth estimating: instances priced in the region, allowed by the constraints,
 * and not dominated (another type with the same accelerators or the same CPU share that costs no
 * more and has no less memory performs the same in the model), plus the machines the caller owns.
 */
import type { PricedInstance } from '../catalog/types.js';
import { type Target, targetOfInstance } from '../perf/index.js';
import type { Constraints, SearchBasis } from './input.js';
import type { OwnedMachine } from './owned.js';

/** The hardware of a candidate: an EC2 instance type with its prices, or a machine the caller owns. */
export type Machine = PricedInstance | OwnedMachine;

export const isOwned = (m: Machine): m is OwnedMachine => 'owned' in m;

export interface HardwareCandidate {
  machine: Machine;
  /** Price of one unit (an instance) on the search's basis; 0 for owned hardware. */
  unitHourlyUsd: number;
  basis: SearchBasis | 'owned';
}

/** What `units` units of a candidate are to the estimator (owned hardware is one machine). */
export function targetOf(c: HardwareCandidate, units = 1): Target {
  return c.basis === 'owned'
    ? (c.machine as OwnedMachine).target
    : targetOfInstance(c.machine as PricedInstance, units);
}

/** Most units a candidate can have: owned hardware is the one machine. */
export const maxUnitsOf = (c: HardwareCandidate): number =>
  c.basis === 'owned' ? 1 : Number.POSITIVE_INFINITY;

/** Instances that perform alike in the model: same accelerators, or same CPU generation and vCPUs. */
function performanceKey(i: PricedInstance): string {
  return i.accelerator ? `${i.accelerator}x${i.acceleratorCount}` : `${i.cpu}:${i.vcpus}`;
}

export function priceFor(m: Machine, basis: SearchBasis): number | undefined {
  if (isOwned(m)) return 0;
  return basis === 'spot' ? m.spotHourlyUsd : m.onDemandHourlyUsd;
}

/**
 * Keep the types no other type beats within its performance group: for accelerators the cheapest
 * (host memory and vCPUs do not change what the model predicts for them); for CPUs, whose memory
 * is the device memory, those no cheaper type matches on memory.
 */
function undominated(group: InstanceCandidate[]): InstanceCandidate[] {
  const sorted = [...group].sort(
    (a, b) => a.unitHourlyUsd - b.unitHourlyUsd || b.machine.memoryGiB - a.machine.memoryGiB,
  );
  if (sorted[0]?.machine.accelerator) return sorted.slice(0, 1);
  const kept: InstanceCandidate[] = [];
  let bestMemory = -1;
  for (const c of sorted) {
    if (c.machine.memoryGiB > bestMemory) {
      kept.push(c);
      bestMemory = c.machine.memoryGiB;
    }
  }
  return kept;
}

type InstanceCandidate = HardwareCandidate & { machine: PricedInstance };

/** Candidates per catalog (the catalog keeps one array per region) and constraints. */
const candidateCache = new WeakMap<readonly PricedInstance[], Map<string, InstanceCandidate[]>>();
const MAX_CACHED_CONSTRAINTS = 32;

export function hardwareCandidates(
  instances: readonly PricedInstance[],
  constraints: Constraints | undefined,
): readonly HardwareCandidate[] {
  const key = JSON.stringify({
    kinds: constraints?.acceleratorKinds,
    types: constraints?.instanceTypes,
    basis: constraints?.purchaseOption,
  });
  const byConstraints = candidateCache.get(instances) ?? new Map<string, InstanceCandidate[]>();
  const cached = byConstraints.get(key);
  if (cached) return cached;
  const candidates = selectCandidates(instances, constraints);
  if (byConstraints.size < MAX_CACHED_CONSTRAINTS) byConstraints.set(key, candidates);
  candidateCache.set(instances, byConstraints);
  return candidates;
}

function selectCandidates(
  instances: readonly PricedInstance[],
  constraints: Constraints | undefined,
): InstanceCandidate[] {
  const basis: SearchBasis = constraints?.purchaseOption ?? 'on-demand';
  const kinds = constraints?.acceleratorKinds;
  const types = constraints?.instanceTypes ? new Set(constraints.instanceTypes) : undefined;
  const groups = new Map<string, InstanceCandidate[]>();
  for (const instance of instances) {
    if (kinds && !kinds.includes(instance.acceleratorKind)) continue;
    if (types && !types.has(instance.instanceType)) continue;
    const unitHourlyUsd = priceFor(instance, basis);
    if (unitHourlyUsd === undefined || !(unitHourlyUsd > 0)) continue;
    const key = performanceKey(instance);
    const list = groups.get(key) ?? [];
    list.push({ machine: instance, unitHourlyUsd, basis });
    groups.set(key, list);
  }
  return [...groups.values()].flatMap(undominated).sort((a, b) => a.unitHourlyUsd - b.unitHourlyUsd);
}

/** The caller's machines as candidates (free to run; the accelerator-kind constraint applies). */
export function ownedCandidates(
  owned: readonly OwnedMachine[] | undefined,
  constraints: Constraints | undefined,
): HardwareCandidate[] {
  const kinds = constraints?.acceleratorKinds;
  return (owned ?? [])
    .filter((m) => !kinds || kinds.includes(m.acceleratorKind))
    .map((machine) => ({ machine, unitHourlyUsd: 0, basis: 'owned' as const }));
}
