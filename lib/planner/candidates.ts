/**
 * Which instances are worth estimating: priced in the region, allowed by the constraints, and not
 * dominated (another type with the same accelerators or the same CPU share that costs no more and
 * has no less memory performs the same in the model).
 */
import type { PricedInstance } from '../catalog/types.js';
import type { PlanRequest } from '../contract/plan.js';

export type PurchaseOption = 'on-demand' | 'spot';

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

/** Keep the types no other type beats on both price and memory within its performance group. */
function undominated(group: HardwareCandidate[]): HardwareCandidate[] {
  const sorted = [...group].sort(
    (a, b) => a.unitHourlyUsd - b.unitHourlyUsd || b.instance.memoryGiB - a.instance.memoryGiB,
  );
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

export function hardwareCandidates(
  instances: readonly PricedInstance[],
  constraints: PlanRequest['constraints'],
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
