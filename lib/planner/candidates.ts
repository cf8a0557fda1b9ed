/**
 * Which instances are worth estimating: priced in the region, allowed by the constraints, and not
 * dominated (another type with the same accelerators or the same CPU share that costs no more and
 * has no less memory performs the same in the model).
 */
import type { PricedInstance } from '../catalog/types.js';
import type { Constraints, PurchaseOption } from './input.js';

export interface HardwareCandidate {
  instance: PricedInstance;
  /** Price of one instance for the purchase option. */
  unitHourlyUsd: number;
  purchaseOption: PurchaseOption;
}

/** Instances that perform alike in the model: same accelerators, or same CPU generation and vCPUs. */
function performanceKey(i: PricedInstance): string {
  return i.accelerator ? `${i.accelerator}x${i.acceleratorCount}` : `${i.cpu}:${i.vcpus}`;
}

export function priceFor(i: PricedInstance, purchaseOption: PurchaseOption): number | undefined {
  return purchaseOption === 'spot' ? i.spotHourlyUsd : i.onDemandHourlyUsd;
}

/**
 * Keep the types no other type beats within its performance group: for accelerators the cheapest
 * (host memory and vCPUs do not change what the model predicts for them); for CPUs, whose memory
 * is the device memory, those no cheaper type matches on memory.
 */
function undominated(group: HardwareCandidate[]): HardwareCandidate[] {
  const sorted = [...group].sort(
    (a, b) => a.unitHourlyUsd - b.unitHourlyUsd || b.instance.memoryGiB - a.instance.memoryGiB,
  );
  if (sorted[0]?.instance.accelerator) return sorted.slice(0, 1);
  const kept: HardwareCandidate[] = [];
  let bestMemory = -1;
  for (const c of sorted) {
    if (c.instance.memoryGiB > bestMemory) {
      kept.push(c);
      bestMemory = c.instance.memoryGiB;
    }
  }
  return kept;
}

/** Candidates per catalog (the catalog keeps one array per region) and constraints. */
const candidateCache = new WeakMap<readonly PricedInstance[], Map<string, HardwareCandidate[]>>();
const MAX_CACHED_CONSTRAINTS = 32;

export function hardwareCandidates(
  instances: readonly PricedInstance[],
  constraints: Constraints | undefined,
): readonly HardwareCandidate[] {
  const key = JSON.stringify(constraints ?? {});
  const byConstraints = candidateCache.get(instances) ?? new Map<string, HardwareCandidate[]>();
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
): HardwareCandidate[] {
  const purchaseOption: PurchaseOption = constraints?.purchaseOption ?? 'on-demand';
  const kinds = constraints?.acceleratorKinds;
  const types = constraints?.instanceTypes ? new Set(constraints.instanceTypes) : undefined;
  const groups = new Map<string, HardwareCandidate[]>();
  for (const instance of instances) {
    if (kinds && !kinds.includes(instance.acceleratorKind)) continue;
    if (types && !types.has(instance.instanceType)) continue;
    const unitHourlyUsd = priceFor(instance, purchaseOption);
    if (unitHourlyUsd === undefined || !(unitHourlyUsd > 0)) continue;
    const key = performanceKey(instance);
    const list = groups.get(key) ?? [];
    list.push({ instance, unitHourlyUsd, purchaseOption });
    groups.set(key, list);
  }
  return [...groups.values()].flatMap(undominated).sort((a, b) => a.unitHourlyUsd - b.unitHourlyUsd);
}
