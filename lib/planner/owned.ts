/**
 * Hardware the caller already has (DESIGN §8 "owned"): a desktop GPU, an Apple-silicon laptop, a
 * workstation. It runs at no cost per hour, so when it meets the requirement it is the answer
 * ("start with what you have"); when it does not, the plan says how far it falls short.
 */
import { type AcceleratorSpec, findAccelerator } from '../hardware/index.js';
import type { InstanceAcceleratorKind } from '../hardware/instances.js';
import { type Target, targetOfOwned } from '../perf/index.js';

/** One entry of the request's `owned` list. */
export interface OwnedEntry {
  accelerator: string;
  /** Accelerators in the machine (default 1). */
  count?: number;
  /** Unified-memory machines: the installed RAM, GiB. */
  memoryGiB?: number;
  label?: string;
}

/** An owned machine as the planner sees hardware. */
export interface OwnedMachine {
  owned: true;
  /** The accelerator id: owned machines are named by what they run on. */
  instanceType: string;
  acceleratorKind: InstanceAcceleratorKind;
  accelerator: AcceleratorSpec['id'];
  acceleratorCount: number;
  /** Usable accelerator memory per device, GiB. */
  memoryGiB: number;
  networkGbps: number;
  label: string;
  spec: AcceleratorSpec;
  target: Target;
}

export type OwnedProblem =
  | { code: 'unknown-accelerator'; field: 'accelerator'; accelerator: string }
  | { code: 'memory-mismatch'; field: 'memoryGiB'; memoryGiB: number; specGiB: number };

/** Resolve an owned entry, or say which field is wrong and why. */
export function ownedMachine(entry: OwnedEntry): OwnedMachine | OwnedProblem {
  const spec = findAccelerator(entry.accelerator);
  if (!spec) return { code: 'unknown-accelerator', field: 'accelerator', accelerator: entry.accelerator };
  const count = entry.count ?? 1;
  // A discrete device has the memory its spec says; a figure far from it is a mistaken entry.
  if (
    entry.memoryGiB !== undefined &&
    Math.abs(entry.memoryGiB - spec.nominalMemoryGB) > 0.15 * spec.nominalMemoryGB
  ) {
    return {
      code: 'memory-mismatch',
      field: 'memoryGiB',
      memoryGiB: entry.memoryGiB,
      specGiB: spec.nominalMemoryGB,
    };
  }
  const memoryGiB = spec.memoryGiB;
  return {
    owned: true,
    instanceType: spec.id,
    acceleratorKind: spec.kind,
    accelerator: spec.id,
    acceleratorCount: count,
    memoryGiB,
    networkGbps: 0,
    label: entry.label ?? `your ${count > 1 ? `${count}x ` : ''}${spec.name}`,
    spec,
    target: targetOfOwned(spec, count, memoryGiB, entry.label ?? `${count}x ${spec.id} (owned)`),
  };
}
