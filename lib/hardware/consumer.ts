/**
 * Consumer NVIDIA GPUs (GeForce RTX 30/40/50): hardware a person owns, never sold by EC2
 * (`ownedOnly`). One row per card, from the card's SM count, boost clock and memory, with the dense
 * per-SM rates of its architecture (the whitepapers' tables divided by SMs x boost clock).
 *
 * Peak FLOP/s, and the figure used for 16-bit work: GeForce tensor cores run FP16 inputs with FP32
 * accumulation at half the FP16-accumulate rate (the "FP16 Tensor TFLOPS with FP32 Accumulate" line
 * of the whitepapers; BF16 only exists with FP32 accumulation). `fp16` and `bf16` carry that
 * FP32-accumulate rate: it is what PyTorch engines (vLLM, TGI, transformers) and training get, and it
 * keeps the meaning the datacenter rows have (their FP16 rate is the FP32-accumulate rate). The
 * FP16-accumulate rate, twice as high, is what llama.cpp's cuBLAS path for F16 weights uses; it is
 * kept as `fp16AccumulateTflops` for display and for engines that use it. `fp8` is likewise the
 * FP32-accumulate rate (Ada and Blackwell only); `int8` accumulates in INT32 at the full rate.
 */
import type { AcceleratorSpec, PeakTflops } from './accelerators.js';

export const consumerGpuIds = [
  'rtx-3060-12gb',
  'rtx-3070',
  'rtx-3080',
  'rtx-3080-ti',
  'rtx-3090',
  'rtx-3090-ti',
  'rtx-4060-ti-16gb',
  'rtx-4070-ti',
  'rtx-4070-ti-super',
  'rtx-4080',
  'rtx-4080-super',
  'rtx-4090',
  'rtx-5060-ti-16gb',
  'rtx-5070-ti',
  'rtx-5080',
  'rtx-5090',
] as const;

export type ConsumerGpuId = (typeof consumerGpuIds)[number];

export type GeForceArchitecture = 'ampere' | 'ada' | 'blackwell';

/**
 * Dense operations per SM per clock. FP32 is 128 lanes x 2 (FMA) on all three generations; the
 * tensor rates come from the whitepaper tables (e.g. RTX 4090: 128 SMs x 2.52 GHz x 1024 = 330.3
 * FP16-accumulate TFLOP/s, 165.2 with FP32 accumulate, 660.6 INT8 TOPS).
 */
export const geforcePerSmRates: Record<
  GeForceArchitecture,
  {
    fp32: number;
    fp16Accumulate: number;
    fp32Accumulate: number;
    fp8?: number;
    int8: number;
    int4?: number;
    source: string;
  }
> = {
  ampere: {
    fp32: 256,
    fp16Accumulate: 1024,
    fp32Accumulate: 512,
    int8: 2048,
    int4: 4096,
    source:
      'NVIDIA Ampere GA102 GPU Architecture whitepaper, appendix table (RTX 3090: 35.6 FP32, 142/71 FP16 tensor with FP16/FP32 accumulate, 284 INT8, 568 INT4 dense TFLOP/s at 82 SMs, 1.695 GHz); no FP8',
  },
  ada: {
    fp32: 256,
    fp16Accumulate: 1024,
    fp32Accumulate: 512,
    fp8: 1024,
    int8: 2048,
    int4: 4096,
    source:
      'NVIDIA Ada Lovelace GPU Architecture whitepaper, appendix table (RTX 4090: 82.6 FP32, 330.3/165.2 FP16 tensor with FP16/FP32 accumulate, 330.3 FP8 with FP32 accumulate, 660.6 INT8, 1321.2 INT4 dense at 128 SMs, 2.52 GHz)',
  },
  blackwell: {
    fp32: 256,
    fp16Accumulate: 1024,
    fp32Accumulate: 512,
    fp8: 1024,
    int8: 2048,
    source:
      'NVIDIA RTX Blackwell GPU Architecture whitepaper, appendix table (RTX 5090: 104.8 FP32, 419/209.5 FP16 tensor with FP16/FP32 accumulate, 419 FP8 with FP32 accumulate, 838 INT8 dense at 170 SMs, 2.407 GHz; FP4 instead of INT4)',
  },
};

export interface GeForceCard {
  id: ConsumerGpuId;
  name: string;
  architecture: GeForceArchitecture;
  sms: number;
  boostGHz: number;
  nominalMemoryGB: number;
  /** Total memory nvidia-smi reports, GiB (GeForce has no ECC carve-out). */
  memoryGiB: number;
  memoryBandwidthGBps: number;
  pcie: { generation: 3 | 4 | 5; lanes: 8 | 16 };
  source: string;
}

/** The cards' own figures: SMs, boost clock, memory size, bus x data rate. */
export const geforceCards: readonly GeForceCard[] = [
  {
    id: 'rtx-3060-12gb',
    name: 'NVIDIA GeForce RTX 3060 12 GB',
    architecture: 'ampere',
    sms: 28,
    boostGHz: 1.777,
    nominalMemoryGB: 12,
    memoryGiB: 11.99,
    memoryBandwidthGBps: 360,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 3060 specifications: 3584 CUDA cores (28 SMs), 1.78 GHz boost, 12 GB GDDR6 192-bit 15 Gbps',
  },
  {
    id: 'rtx-3070',
    name: 'NVIDIA GeForce RTX 3070',
    architecture: 'ampere',
    sms: 46,
    boostGHz: 1.725,
    nominalMemoryGB: 8,
    memoryGiB: 7.99,
    memoryBandwidthGBps: 448,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 3070 specifications: 5888 CUDA cores (46 SMs), 1.73 GHz boost, 8 GB GDDR6 256-bit 14 Gbps',
  },
  {
    id: 'rtx-3080',
    name: 'NVIDIA GeForce RTX 3080 10 GB',
    architecture: 'ampere',
    sms: 68,
    boostGHz: 1.71,
    nominalMemoryGB: 10,
    memoryGiB: 9.99,
    memoryBandwidthGBps: 760,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 3080 specifications: 8704 CUDA cores (68 SMs), 1.71 GHz boost, 10 GB GDDR6X 320-bit 19 Gbps',
  },
  {
    id: 'rtx-3080-ti',
    name: 'NVIDIA GeForce RTX 3080 Ti',
    architecture: 'ampere',
    sms: 80,
    boostGHz: 1.665,
    nominalMemoryGB: 12,
    memoryGiB: 11.99,
    memoryBandwidthGBps: 912,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 3080 Ti specifications: 10240 CUDA cores (80 SMs), 1.67 GHz boost, 12 GB GDDR6X 384-bit 19 Gbps',
  },
  {
    id: 'rtx-3090',
    name: 'NVIDIA GeForce RTX 3090',
    architecture: 'ampere',
    sms: 82,
    boostGHz: 1.695,
    nominalMemoryGB: 24,
    memoryGiB: 23.99,
    memoryBandwidthGBps: 936,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 3090 specifications: 10496 CUDA cores (82 SMs), 1.70 GHz boost, 24 GB GDDR6X 384-bit 19.5 Gbps; an optional NVLink bridge (112.5 GB/s) is not modelled',
  },
  {
    id: 'rtx-3090-ti',
    name: 'NVIDIA GeForce RTX 3090 Ti',
    architecture: 'ampere',
    sms: 84,
    boostGHz: 1.86,
    nominalMemoryGB: 24,
    memoryGiB: 23.99,
    memoryBandwidthGBps: 1008,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 3090 Ti specifications: 10752 CUDA cores (84 SMs), 1.86 GHz boost, 24 GB GDDR6X 384-bit 21 Gbps',
  },
  {
    id: 'rtx-4060-ti-16gb',
    name: 'NVIDIA GeForce RTX 4060 Ti 16 GB',
    architecture: 'ada',
    sms: 34,
    boostGHz: 2.535,
    nominalMemoryGB: 16,
    memoryGiB: 15.99,
    memoryBandwidthGBps: 288,
    pcie: { generation: 4, lanes: 8 },
    source:
      'NVIDIA RTX 4060 Ti specifications: 4352 CUDA cores (34 SMs), 2.54 GHz boost, 16 GB GDDR6 128-bit 18 Gbps, PCIe 4.0 x8',
  },
  {
    id: 'rtx-4070-ti',
    name: 'NVIDIA GeForce RTX 4070 Ti',
    architecture: 'ada',
    sms: 60,
    boostGHz: 2.61,
    nominalMemoryGB: 12,
    memoryGiB: 11.99,
    memoryBandwidthGBps: 504,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 4070 Ti specifications: 7680 CUDA cores (60 SMs), 2.61 GHz boost, 12 GB GDDR6X 192-bit 21 Gbps',
  },
  {
    id: 'rtx-4070-ti-super',
    name: 'NVIDIA GeForce RTX 4070 Ti SUPER',
    architecture: 'ada',
    sms: 66,
    boostGHz: 2.61,
    nominalMemoryGB: 16,
    memoryGiB: 15.99,
    memoryBandwidthGBps: 672,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 4070 Ti SUPER specifications: 8448 CUDA cores (66 SMs), 2.61 GHz boost, 16 GB GDDR6X 256-bit 21 Gbps',
  },
  {
    id: 'rtx-4080',
    name: 'NVIDIA GeForce RTX 4080',
    architecture: 'ada',
    sms: 76,
    boostGHz: 2.505,
    nominalMemoryGB: 16,
    memoryGiB: 15.99,
    memoryBandwidthGBps: 716.8,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 4080 specifications: 9728 CUDA cores (76 SMs), 2.51 GHz boost, 16 GB GDDR6X 256-bit 22.4 Gbps',
  },
  {
    id: 'rtx-4080-super',
    name: 'NVIDIA GeForce RTX 4080 SUPER',
    architecture: 'ada',
    sms: 80,
    boostGHz: 2.55,
    nominalMemoryGB: 16,
    memoryGiB: 15.99,
    memoryBandwidthGBps: 736,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 4080 SUPER specifications: 10240 CUDA cores (80 SMs), 2.55 GHz boost, 16 GB GDDR6X 256-bit 23 Gbps',
  },
  {
    id: 'rtx-4090',
    name: 'NVIDIA GeForce RTX 4090',
    architecture: 'ada',
    sms: 128,
    boostGHz: 2.52,
    nominalMemoryGB: 24,
    memoryGiB: 23.99,
    memoryBandwidthGBps: 1008,
    pcie: { generation: 4, lanes: 16 },
    source:
      'NVIDIA RTX 4090 specifications: 16384 CUDA cores (128 SMs), 2.52 GHz boost, 24 GB GDDR6X 384-bit 21 Gbps; nvidia-smi reports 24564 MiB',
  },
  {
    id: 'rtx-5060-ti-16gb',
    name: 'NVIDIA GeForce RTX 5060 Ti 16 GB',
    architecture: 'blackwell',
    sms: 36,
    boostGHz: 2.572,
    nominalMemoryGB: 16,
    memoryGiB: 15.99,
    memoryBandwidthGBps: 448,
    pcie: { generation: 5, lanes: 8 },
    source:
      'NVIDIA RTX 5060 Ti specifications: 4608 CUDA cores (36 SMs), 2.57 GHz boost, 16 GB GDDR7 128-bit 28 Gbps, PCIe 5.0 x8',
  },
  {
    id: 'rtx-5070-ti',
    name: 'NVIDIA GeForce RTX 5070 Ti',
    architecture: 'blackwell',
    sms: 70,
    boostGHz: 2.452,
    nominalMemoryGB: 16,
    memoryGiB: 15.99,
    memoryBandwidthGBps: 896,
    pcie: { generation: 5, lanes: 16 },
    source:
      'NVIDIA RTX 5070 Ti specifications: 8960 CUDA cores (70 SMs), 2.45 GHz boost, 16 GB GDDR7 256-bit 28 Gbps',
  },
  {
    id: 'rtx-5080',
    name: 'NVIDIA GeForce RTX 5080',
    architecture: 'blackwell',
    sms: 84,
    boostGHz: 2.617,
    nominalMemoryGB: 16,
    memoryGiB: 15.99,
    memoryBandwidthGBps: 960,
    pcie: { generation: 5, lanes: 16 },
    source:
      'NVIDIA RTX 5080 specifications: 10752 CUDA cores (84 SMs), 2.62 GHz boost, 16 GB GDDR7 256-bit 30 Gbps',
  },
  {
    id: 'rtx-5090',
    name: 'NVIDIA GeForce RTX 5090',
    architecture: 'blackwell',
    sms: 170,
    boostGHz: 2.407,
    nominalMemoryGB: 32,
    memoryGiB: 31.84,
    memoryBandwidthGBps: 1792,
    pcie: { generation: 5, lanes: 16 },
    source:
      'NVIDIA RTX 5090 specifications: 21760 CUDA cores (170 SMs), 2.41 GHz boost, 32 GB GDDR7 512-bit 28 Gbps; nvidia-smi reports 32607 MiB',
  },
];

/** Usable per-direction PCIe bandwidth, GB/s, as the datacenter rows count it (Gen4 x16: 25). */
const PCIE_GBPS_PER_LANE: Record<3 | 4 | 5, number> = { 3: 1, 4: 25 / 16, 5: 50 / 16 };

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Dense peak TFLOP/s of a card from its SMs, boost clock and architecture. */
export function geforcePeakTflops(card: Pick<GeForceCard, 'architecture' | 'sms' | 'boostGHz'>): {
  peak: PeakTflops;
  fp16AccumulateTflops: number;
} {
  const rates = geforcePerSmRates[card.architecture];
  const at = (perSm: number) => round1((card.sms * perSm * card.boostGHz) / 1000);
  return {
    peak: {
      fp32: at(rates.fp32),
      fp16: at(rates.fp32Accumulate),
      bf16: at(rates.fp32Accumulate),
      ...(rates.fp8 !== undefined && { fp8: at(rates.fp8) }),
      int8: at(rates.int8),
      ...(rates.int4 !== undefined && { int4: at(rates.int4) }),
    },
    fp16AccumulateTflops: at(rates.fp16Accumulate),
  };
}

/** GPUs one desktop or server chassis holds over PCIe (used only when a count is given). */
const CONSUMER_DEVICES_PER_NODE = 8;

export const consumerGpus: readonly AcceleratorSpec[] = geforceCards.map((card) => {
  const { peak, fp16AccumulateTflops } = geforcePeakTflops(card);
  return {
    id: card.id,
    name: card.name,
    vendor: 'NVIDIA',
    kind: 'gpu',
    hardwareClass: 'consumer-gpu',
    nominalMemoryGB: card.nominalMemoryGB,
    memoryGiB: card.memoryGiB,
    memoryBandwidthGBps: card.memoryBandwidthGBps,
    peakTflops: peak,
    fp16AccumulateTflops,
    interconnect: {
      kind: 'pcie',
      bandwidthGBps: PCIE_GBPS_PER_LANE[card.pcie.generation] * card.pcie.lanes,
    },
    pcie: card.pcie,
    devicesPerNode: CONSUMER_DEVICES_PER_NODE,
    ownedOnly: true,
    source: `${card.source}; ${geforcePerSmRates[card.architecture].source}`,
  } satisfies AcceleratorSpec;
});
