/**
 * Accelerator specifications: one row per device, dense (no sparsity) peak throughput. The EC2
 * devices are here; the ones people own (GeForce cards, Apple silicon) are in consumer.ts and
 * apple.ts and flagged `ownedOnly`.
 *
 * `memoryGiB` is the capacity the driver exposes to programs (what `nvidia-smi` or `neuron-top`
 * shows), not the marketing "GB" figure: an "A10G 24 GB" has about 22.5 GiB usable, an "L40S 48 GB"
 * about 45 GiB. `nominalMemoryGB` keeps the marketing figure for display and the catalog.
 */

import { appleSilicon, appleSiliconIds } from './apple.js';
import { consumerGpuIds, consumerGpus } from './consumer.js';

/** Devices EC2 instances carry. */
export const cloudAcceleratorIds = [
  't4',
  'a10g',
  'l4',
  'l40s',
  'rtx-pro-4500',
  'rtx-pro-6000',
  'v100',
  'v100-32gb',
  'a100-40gb',
  'a100-80gb',
  'h100',
  'h200',
  'b200',
  'b300',
  'inferentia2',
  'trainium',
  'trainium2',
] as const;

export const acceleratorIds = [...cloudAcceleratorIds, ...consumerGpuIds, ...appleSiliconIds] as const;

export type AcceleratorId = (typeof acceleratorIds)[number];

/**
 * `gpu`: GPUs (NVIDIA CUDA devices, and the GPU of an Apple-silicon Mac, which runs Metal).
 * `neuron`: AWS Inferentia and Trainium (not GPUs).
 */
export type AcceleratorKind = 'gpu' | 'neuron';

/**
 * Hardware classes group devices whose engines behave alike; efficiency profiles are keyed by them.
 * `consumer-gpu`: GeForce cards; `apple-silicon`: the GPU of an M-series Mac (unified memory).
 */
export type HardwareClass =
  | 'datacenter-gpu'
  | 'pcie-gpu'
  | 'neuron'
  | 'cpu'
  | 'consumer-gpu'
  | 'apple-silicon';

export const hardwareClasses = [
  'datacenter-gpu',
  'pcie-gpu',
  'neuron',
  'cpu',
  'consumer-gpu',
  'apple-silicon',
] as const satisfies readonly HardwareClass[];

export interface PeakTflops {
  fp32: number;
  fp16: number;
  bf16?: number;
  fp8?: number;
  int8?: number;
  int4?: number;
}

export interface DeviceLink {
  /** `network`: devices that only reach each other through the machines' network (Macs over Thunderbolt). */
  kind: 'nvlink' | 'pcie' | 'neuronlink' | 'network';
  /** Per-device, per-direction bandwidth to its peers, GB/s. */
  bandwidthGBps: number;
}

/** Unified memory (Apple silicon): the sizes a chip ships with and the GPU's share of them. */
export interface UnifiedMemory {
  optionsGB: readonly number[];
  /** GPU share of RAM up to `smallMachineMaxGB`, and above it (macOS recommendedMaxWorkingSetSize). */
  gpuFractionSmall: number;
  gpuFractionLarge: number;
  smallMachineMaxGB: number;
  /** The binned chip sold under the same name, told apart by memory size ("M3 Max" 36 GB: 30-core). */
  otherBin?: AcceleratorId;
}

export interface AcceleratorSpec {
  id: AcceleratorId;
  name: string;
  vendor: 'NVIDIA' | 'AWS' | 'Apple';
  kind: AcceleratorKind;
  hardwareClass: HardwareClass;
  nominalMemoryGB: number;
  memoryGiB: number;
  memoryBandwidthGBps: number;
  peakTflops: PeakTflops;
  interconnect: DeviceLink;
  /** Devices in the largest instance (one NVLink / NeuronLink domain), used when only a count is given. */
  devicesPerNode: number;
  /** Hardware people own, never in the EC2 catalog. */
  ownedOnly?: true;
  /** Unified-memory machines: `memoryGiB` is the GPU share of the smallest configuration. */
  unifiedMemory?: UnifiedMemory;
  /** GeForce: FP16 tensor rate with FP16 accumulation (twice `peakTflops.fp16`, which accumulates in FP32). */
  fp16AccumulateTflops?: number;
  /** Host link of a PCIe card. */
  pcie?: { generation: 3 | 4 | 5; lanes: 8 | 16 };
  source: string;
}

const cloudAccelerators: readonly AcceleratorSpec[] = [
  {
    id: 't4',
    name: 'NVIDIA T4',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'pcie-gpu',
    nominalMemoryGB: 16,
    memoryGiB: 15,
    memoryBandwidthGBps: 320,
    peakTflops: { fp32: 8.1, fp16: 65, int8: 130, int4: 260 },
    interconnect: { kind: 'pcie', bandwidthGBps: 16 },
    devicesPerNode: 8,
    source: 'NVIDIA T4 datasheet (PCIe Gen3 x16); 15360 MiB visible to CUDA',
  },
  {
    id: 'a10g',
    name: 'NVIDIA A10G',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'pcie-gpu',
    nominalMemoryGB: 24,
    memoryGiB: 22.5,
    memoryBandwidthGBps: 600,
    // AWS's A10G runs lower tensor clocks than the A10 (125 TFLOP/s): about 70 dense FP16/BF16.
    peakTflops: { fp32: 31.2, fp16: 70, bf16: 70, int8: 140, int4: 280 },
    interconnect: { kind: 'pcie', bandwidthGBps: 25 },
    devicesPerNode: 8,
    source: 'AWS G5 documentation and NVIDIA A10 datasheet; 23028 MiB visible to CUDA; PCIe Gen4 x16',
  },
  {
    id: 'l4',
    name: 'NVIDIA L4',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'pcie-gpu',
    nominalMemoryGB: 24,
    memoryGiB: 22.5,
    memoryBandwidthGBps: 300,
    peakTflops: { fp32: 30.3, fp16: 121, bf16: 121, fp8: 242.5, int8: 242.5 },
    interconnect: { kind: 'pcie', bandwidthGBps: 25 },
    devicesPerNode: 8,
    source: 'NVIDIA L4 datasheet (dense = half the sparse figures); 23034 MiB visible to CUDA',
  },
  {
    id: 'l40s',
    name: 'NVIDIA L40S',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'pcie-gpu',
    nominalMemoryGB: 48,
    memoryGiB: 45,
    memoryBandwidthGBps: 864,
    peakTflops: { fp32: 91.6, fp16: 362, bf16: 362, fp8: 733, int8: 733 },
    interconnect: { kind: 'pcie', bandwidthGBps: 25 },
    devicesPerNode: 8,
    source: 'NVIDIA L40S datasheet (dense); 46068 MiB visible to CUDA',
  },
  {
    id: 'rtx-pro-4500',
    name: 'NVIDIA RTX PRO 4500 Blackwell',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'pcie-gpu',
    nominalMemoryGB: 32,
    memoryGiB: 31.5,
    memoryBandwidthGBps: 896,
    peakTflops: { fp32: 55, fp16: 200, bf16: 200, fp8: 400, int8: 400 },
    interconnect: { kind: 'pcie', bandwidthGBps: 50 },
    devicesPerNode: 8,
    source: 'NVIDIA RTX PRO Blackwell datasheet (approximate dense figures); PCIe Gen5',
  },
  {
    id: 'rtx-pro-6000',
    name: 'NVIDIA RTX PRO 6000 Blackwell Server Edition',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'pcie-gpu',
    nominalMemoryGB: 96,
    memoryGiB: 94.5,
    memoryBandwidthGBps: 1597,
    peakTflops: { fp32: 120, fp16: 500, bf16: 500, fp8: 1000, int8: 1000 },
    interconnect: { kind: 'pcie', bandwidthGBps: 50 },
    devicesPerNode: 8,
    source: 'NVIDIA RTX PRO 6000 Blackwell Server Edition datasheet (approximate dense figures); PCIe Gen5',
  },
  {
    id: 'v100',
    name: 'NVIDIA V100 SXM2 16 GB',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 16,
    memoryGiB: 15.8,
    memoryBandwidthGBps: 900,
    // No BF16 tensor cores: BF16 work runs as FP16 (the estimator falls back to the fp16 rate).
    peakTflops: { fp32: 15.7, fp16: 125, int8: 62 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 150 },
    devicesPerNode: 8,
    source: 'NVIDIA V100 datasheet (SXM2, NVLink 2.0 300 GB/s bidirectional)',
  },
  {
    id: 'v100-32gb',
    name: 'NVIDIA V100 SXM2 32 GB',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 32,
    memoryGiB: 31.7,
    memoryBandwidthGBps: 900,
    peakTflops: { fp32: 15.7, fp16: 125, int8: 62 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 150 },
    devicesPerNode: 8,
    source: 'NVIDIA V100 datasheet (SXM2 32 GB, p3dn)',
  },
  {
    id: 'a100-40gb',
    name: 'NVIDIA A100 SXM4 40 GB',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 40,
    memoryGiB: 39.4,
    memoryBandwidthGBps: 1555,
    peakTflops: { fp32: 19.5, fp16: 312, bf16: 312, int8: 624, int4: 1248 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 300 },
    devicesPerNode: 8,
    source: 'NVIDIA A100 datasheet (dense; NVLink 3 600 GB/s bidirectional)',
  },
  {
    id: 'a100-80gb',
    name: 'NVIDIA A100 SXM4 80 GB',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 80,
    memoryGiB: 79.2,
    memoryBandwidthGBps: 2039,
    peakTflops: { fp32: 19.5, fp16: 312, bf16: 312, int8: 624, int4: 1248 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 300 },
    devicesPerNode: 8,
    source: 'NVIDIA A100 80GB datasheet (SXM, HBM2e)',
  },
  {
    id: 'h100',
    name: 'NVIDIA H100 SXM5 80 GB',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 80,
    memoryGiB: 79.6,
    memoryBandwidthGBps: 3350,
    peakTflops: { fp32: 67, fp16: 989, bf16: 989, fp8: 1979, int8: 1979 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 450 },
    devicesPerNode: 8,
    source: 'NVIDIA H100 datasheet (SXM5 dense; NVLink 4 900 GB/s bidirectional)',
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM 141 GB',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 141,
    memoryGiB: 140.4,
    memoryBandwidthGBps: 4800,
    peakTflops: { fp32: 67, fp16: 989, bf16: 989, fp8: 1979, int8: 1979 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 450 },
    devicesPerNode: 8,
    source: 'NVIDIA H200 datasheet (HBM3e 4.8 TB/s; Hopper compute)',
  },
  {
    id: 'b200',
    name: 'NVIDIA B200',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 180,
    memoryGiB: 179,
    memoryBandwidthGBps: 8000,
    peakTflops: { fp32: 75, fp16: 2250, bf16: 2250, fp8: 4500, int8: 4500, int4: 9000 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 900 },
    devicesPerNode: 8,
    source: 'NVIDIA HGX B200 datasheet (dense; NVLink 5 1.8 TB/s bidirectional)',
  },
  {
    id: 'b300',
    name: 'NVIDIA B300',
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'datacenter-gpu',
    nominalMemoryGB: 288,
    memoryGiB: 268.6,
    memoryBandwidthGBps: 8000,
    peakTflops: { fp32: 75, fp16: 2250, bf16: 2250, fp8: 4500, int8: 4500, int4: 13500 },
    interconnect: { kind: 'nvlink', bandwidthGBps: 900 },
    devicesPerNode: 8,
    source: 'NVIDIA HGX B300 datasheet (Blackwell Ultra, dense); 275040 MiB reported by EC2',
  },
  {
    id: 'inferentia2',
    name: 'AWS Inferentia2',
    vendor: 'AWS',
    kind: 'neuron',
    hardwareClass: 'neuron',
    nominalMemoryGB: 32,
    memoryGiB: 32,
    memoryBandwidthGBps: 820,
    peakTflops: { fp32: 47.5, fp16: 190, bf16: 190, fp8: 190, int8: 380 },
    interconnect: { kind: 'neuronlink', bandwidthGBps: 96 },
    devicesPerNode: 12,
    source: 'AWS Neuron documentation, Inferentia2 architecture (2 NeuronCore-v2 per chip)',
  },
  {
    id: 'trainium',
    name: 'AWS Trainium',
    vendor: 'AWS',
    kind: 'neuron',
    hardwareClass: 'neuron',
    nominalMemoryGB: 32,
    memoryGiB: 32,
    memoryBandwidthGBps: 820,
    peakTflops: { fp32: 47.5, fp16: 190, bf16: 190, fp8: 190, int8: 380 },
    interconnect: { kind: 'neuronlink', bandwidthGBps: 384 },
    devicesPerNode: 16,
    source: 'AWS Neuron documentation, Trainium architecture (trn1: 16 chips, NeuronLink-v2 ring)',
  },
  {
    id: 'trainium2',
    name: 'AWS Trainium2',
    vendor: 'AWS',
    kind: 'neuron',
    hardwareClass: 'neuron',
    nominalMemoryGB: 96,
    memoryGiB: 96,
    memoryBandwidthGBps: 2900,
    peakTflops: { fp32: 181, fp16: 667, bf16: 667, fp8: 1299, int8: 1299 },
    interconnect: { kind: 'neuronlink', bandwidthGBps: 640 },
    devicesPerNode: 16,
    source: 'AWS Neuron documentation, Trainium2 architecture (8 NeuronCore-v3 per chip)',
  },
];

/** Every accelerator: EC2's, then the owned-only consumer GPUs and Apple silicon. */
export const accelerators: readonly AcceleratorSpec[] = [
  ...cloudAccelerators,
  ...consumerGpus,
  ...appleSilicon,
];

const acceleratorsById = new Map<string, AcceleratorSpec>(accelerators.map((a) => [a.id, a]));

/** The spec of an accelerator, or undefined for an unknown id. */
export function findAccelerator(id: string): AcceleratorSpec | undefined {
  return acceleratorsById.get(id);
}
