/**
 * The hardware an estimate runs on, reduced to per-device figures: capacity, bandwidth, peak
 * FLOP/s, and the links between devices. A CPU instance is one device.
 */

import {
  type AcceleratorSpec,
  type CpuGenerationSpec,
  cpuInstanceResources,
  findAccelerator,
  findCpuGeneration,
  type HardwareClass,
  type PeakTflops,
} from '../hardware/index.js';
import type { InstanceSpec } from '../hardware/instances.js';
import { UnsupportedEstimateError } from './errors.js';

export interface Target {
  label: string;
  hardwareClass: HardwareClass;
  kind: 'cpu' | 'gpu' | 'neuron';
  /** GPUs or accelerator chips in total; for CPU instances, the number of instances. */
  devices: number;
  devicesPerNode: number;
  memoryPerDeviceGiB: number;
  memoryBandwidthGBps: number;
  peakTflops: PeakTflops & { bf16: number };
  /** Link between devices of one node. */
  link: { kind: 'nvlink' | 'pcie' | 'neuronlink' | 'network'; bandwidthGBps: number };
  /** Per-device network bandwidth between nodes, GB/s. */
  networkGBpsPerDevice: number;
  accelerator?: AcceleratorSpec;
  instance?: InstanceSpec;
  cpu?: CpuGenerationSpec;
}

/** Default network per device when only an accelerator count is given: 100 Gb/s (12.5 GB/s). */
const DEFAULT_NETWORK_GBPS_PER_DEVICE = 12.5;

function acceleratorTarget(
  spec: AcceleratorSpec,
  devices: number,
  label: string,
  instance?: InstanceSpec,
): Target {
  const devicesPerNode = instance ? instance.acceleratorCount : Math.min(devices, spec.devicesPerNode);
  const networkGBpsPerDevice = instance
    ? instance.networkGbps / 8 / Math.max(1, instance.acceleratorCount)
    : DEFAULT_NETWORK_GBPS_PER_DEVICE;
  return {
    label,
    hardwareClass: spec.hardwareClass,
    kind: spec.kind,
    devices,
    devicesPerNode,
    memoryPerDeviceGiB: spec.memoryGiB,
    memoryBandwidthGBps: spec.memoryBandwidthGBps,
    // Devices without BF16 units (V100, T4) run 16-bit work at their FP16 rate.
    peakTflops: { ...spec.peakTflops, bf16: spec.peakTflops.bf16 ?? spec.peakTflops.fp16 },
    link: { kind: spec.interconnect.kind, bandwidthGBps: spec.interconnect.bandwidthGBps },
    networkGBpsPerDevice,
    accelerator: spec,
    instance,
  };
}

function cpuTarget(instance: InstanceSpec, cpu: CpuGenerationSpec, count: number, label: string): Target {
  const resources = cpuInstanceResources(cpu, instance.vcpus);
  return {
    label,
    hardwareClass: 'cpu',
    kind: 'cpu',
    devices: count,
    devicesPerNode: 1,
    memoryPerDeviceGiB: instance.memoryGiB,
    memoryBandwidthGBps: resources.memoryBandwidthGBps,
    peakTflops: {
      fp32: resources.peakTflops.fp32,
      fp16: resources.peakTflops.bf16,
      bf16: resources.peakTflops.bf16,
      int8: resources.peakTflops.int8,
    },
    link: { kind: 'network', bandwidthGBps: instance.networkGbps / 8 },
    networkGBpsPerDevice: instance.networkGbps / 8,
    instance,
    cpu,
  };
}

/**
 * The target of a machine the caller owns: `count` devices in one box, with the memory a program
 * can use on each (unified-memory machines: the GPU's share of the installed RAM).
 */
export function targetOfOwned(
  spec: AcceleratorSpec,
  count: number,
  memoryPerDeviceGiB: number,
  label: string,
): Target {
  const target = acceleratorTarget(spec, count, label);
  return { ...target, devicesPerNode: count, memoryPerDeviceGiB, networkGBpsPerDevice: 0 };
}

/** The target of `count` accelerators of one kind, not tied to an instance type. */
export function targetOfAccelerators(spec: AcceleratorSpec, count: number): Target {
  return acceleratorTarget(spec, count, `${count}x ${spec.id}`);
}

/** The target of `count` instances of a catalog type (cached: it depends on nothing else). */
export function targetOfInstance(instance: InstanceSpec, count = 1): Target {
  const cached = count <= MAX_CACHED_COUNT ? targetCache.get(instance)?.get(count) : undefined;
  if (cached) return cached;
  const target = instanceTarget(instance, count);
  if (count <= MAX_CACHED_COUNT) {
    const byCount = targetCache.get(instance) ?? new Map<number, Target>();
    byCount.set(count, target);
    targetCache.set(instance, byCount);
  }
  return target;
}

/** Targets of catalog instances are pure functions of the spec and count: kept per spec object. */
const targetCache = new WeakMap<InstanceSpec, Map<number, Target>>();
const MAX_CACHED_COUNT = 64;

function instanceTarget(instance: InstanceSpec, count: number): Target {
  const label = count === 1 ? instance.instanceType : `${count}x ${instance.instanceType}`;
  if (instance.accelerator && instance.acceleratorCount > 0) {
    const spec = findAccelerator(instance.accelerator);
    if (!spec) {
      throw new UnsupportedEstimateError({
        code: 'no-hardware-spec',
        field: 'hardware',
        hardware: instance.instanceType,
        missing: 'accelerator',
      });
    }
    return acceleratorTarget(spec, instance.acceleratorCount * count, label, instance);
  }
  const cpu = findCpuGeneration(instance.cpu);
  if (!cpu) {
    throw new UnsupportedEstimateError({
      code: 'no-hardware-spec',
      field: 'hardware',
      hardware: instance.instanceType,
      missing: 'cpu',
    });
  }
  return cpuTarget(instance, cpu, count, label);
}
