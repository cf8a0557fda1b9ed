import type { AcceleratorId, AcceleratorKind } from './accelerators.js';
import type { CpuGenerationId } from './cpus.js';

/** "cpu" for instances without accelerators; otherwise the accelerator's kind. */
export type InstanceAcceleratorKind = 'cpu' | AcceleratorKind;

export const instanceAcceleratorKinds = [
  'cpu',
  'gpu',
  'neuron',
] as const satisfies readonly InstanceAcceleratorKind[];

/** One EC2 instance type: its specs (region independent). Prices live in lib/catalog. */
export interface InstanceSpec {
  instanceType: string;
  family: string;
  vcpus: number;
  memoryGiB: number;
  architecture: 'arm64' | 'x86_64';
  /** Host CPU generation (links to the CPU specs). */
  cpu: CpuGenerationId;
  acceleratorKind: InstanceAcceleratorKind;
  accelerator?: AcceleratorId;
  acceleratorCount: number;
  /** Nominal accelerator memory per device, GB (the EC2 API under-reports A10G, L4, L40S). */
  acceleratorMemoryGB?: number;
  networkGbps: number;
}
