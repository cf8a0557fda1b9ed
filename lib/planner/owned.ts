/**
 * Hardware the caller already has (DESIGN §8 "owned"): a desktop GPU, an Apple-silicon laptop, a
 * workstation. It runs at no cost per hour, so when it meets the requirement it is the answer
 * ("start with what you have"); when it does not, the plan says how far it falls short. The
 * entry is resolved by lib/hardware (memory sizes, bins, pooling rules); here it becomes a machine
 * the search can estimate.
 */
import type { AcceleratorSpec } from '../hardware/accelerators.js';
import type { InstanceAcceleratorKind } from '../hardware/instances.js';
import { type OwnedDevice, type OwnedEntry, type OwnedProblem, resolveOwned } from '../hardware/owned.js';
import { type Target, targetOfOwned } from '../perf/index.js';

export type { OwnedEntry, OwnedProblem };

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
  /** "your RTX 4090 (24 GB)", or the caller's own label. */
  label: string;
  /** What the resolver assumed (e.g. which bin of a chip the memory size picked). */
  notes: readonly string[];
  device: OwnedDevice;
  target: Target;
}

/** Resolve an owned entry (`at` is its JSON Pointer), or the problems with its fields. */
export function ownedMachine(entry: OwnedEntry, at: string): OwnedMachine | { problems: OwnedProblem[] } {
  const resolved = resolveOwned(entry, at);
  if (!resolved.ok) return { problems: resolved.problems };
  const device = resolved.device;
  const label = entry.label ?? device.label;
  return {
    owned: true,
    instanceType: device.accelerator,
    acceleratorKind: device.spec.kind,
    accelerator: device.accelerator,
    acceleratorCount: device.count,
    memoryGiB: device.memoryPerDeviceGiB,
    networkGbps: 0,
    label,
    notes: device.notes,
    device,
    target: targetOfOwned(device.spec, device.count, device.memoryPerDeviceGiB, label),
  };
}
