/**
 * Apple silicon (M1-M4): Macs a person owns, never sold by EC2 (`ownedOnly`). The GPU shares the
 * machine's unified memory, so the accelerator memory is a fraction of the installed RAM: macOS caps
 * what the GPU may keep resident at `MTLDevice.recommendedMaxWorkingSetSize`, which llama.cpp and
 * MLX respect. Each variant lists the memory sizes it ships with; the row's `memoryGiB` is the GPU
 * share of the smallest of them (an estimate that names only the chip assumes the smallest machine).
 *
 * Peak FLOP/s are the GPU's: cores x 128 FP32 lanes x 2 x clock. Apple GPUs run FP16 at the FP32
 * rate (no separate FP16 or matrix units through M4), have no INT8 matrix path, and emulate BF16 on
 * M1/M2 (bf16 weights run at the FP16 rate, so `bf16` is left out). Where a variant is sold with two
 * GPU configurations of equal bandwidth, the row models the larger GPU; where the bandwidth differs
 * (the binned M3 Max and M4 Max), there are two rows and the memory size tells them apart.
 */
import type { AcceleratorSpec } from './accelerators.js';

export const appleSiliconIds = [
  'apple-m1',
  'apple-m1-pro',
  'apple-m1-max',
  'apple-m1-ultra',
  'apple-m2',
  'apple-m2-pro',
  'apple-m2-max',
  'apple-m2-ultra',
  'apple-m3',
  'apple-m3-pro',
  'apple-m3-max-30c',
  'apple-m3-max',
  'apple-m3-ultra',
  'apple-m4',
  'apple-m4-pro',
  'apple-m4-max-32c',
  'apple-m4-max',
] as const;

export type AppleSiliconId = (typeof appleSiliconIds)[number];

/**
 * The GPU's share of unified memory by default: macOS reports recommendedMaxWorkingSetSize as 2/3
 * of RAM up to 32 GB and 3/4 above (as llama.cpp logs it: 5461 MiB of 8 GB, 10923 of 16, 21845 of
 * 32; 49152 of 64, 73728 of 96). Newer macOS versions report somewhat more on some machines, and
 * `sudo sysctl iogpu.wired_limit_mb=...` raises the cap; the default is the figure a plan can count on.
 */
export const appleGpuMemoryRule = {
  smallMachineMaxGB: 32,
  smallMachineFraction: 2 / 3,
  largeMachineFraction: 3 / 4,
  source:
    'Metal MTLDevice.recommendedMaxWorkingSetSize as logged by llama.cpp ggml_metal_init: 10922.67 MB on 16 GB (abetlen/llama-cpp-python#687), 21845.34 MB on 32 GB (ggml-org/llama.cpp#2011, ollama/ollama#434), 49152 MiB on 64 GB (ggml-org/llama.cpp#1870), 73728 MB on 96 GB (ggml-org/llama.cpp#3213); raised with sysctl iogpu.wired_limit_mb (gpustack/gpustack#1375); later macOS reports up to about 0.74-0.84 (sgl-project/sglang#29949: 17.76 GiB of 24 GB; antirez/ds4#893: 107.5 GiB of 128 GB)',
} as const;

/** GPU-usable GiB of a Mac with `installedGB` of unified memory (Apple's "GB" are GiB). */
export function appleGpuMemoryGiB(installedGB: number): number {
  const r = appleGpuMemoryRule;
  const fraction = installedGB <= r.smallMachineMaxGB ? r.smallMachineFraction : r.largeMachineFraction;
  return Math.round(installedGB * fraction * 100) / 100;
}

export interface AppleChip {
  id: AppleSiliconId;
  name: string;
  gpuCores: number;
  /** GPU FP32 (= FP16) TFLOP/s: Apple's own figure where it gave one, else cores x 256 x clock. */
  gpuTflops: number;
  memoryBandwidthGBps: number;
  /** Unified-memory sizes the chip ships with, GB. */
  memoryOptionsGB: readonly number[];
  /** Thunderbolt between machines, GB/s per direction (TB3/TB4 40 Gb/s, TB5 80 Gb/s). */
  thunderboltGBps: number;
  /**
   * The binned chip sold under the same name (the 30-core M3 Max for "M3 Max"): a memory size only
   * the bin ships with picks it. The binned rows name their core count and take only their sizes.
   */
  otherBin?: AppleSiliconId;
  source: string;
}

const appleTflops = (cores: number, clockGHz: number) => Math.round((cores * 256 * clockGHz) / 10) / 100;

export const appleChips: readonly AppleChip[] = [
  {
    id: 'apple-m1',
    name: 'Apple M1 (8-core GPU)',
    gpuCores: 8,
    gpuTflops: 2.6,
    memoryBandwidthGBps: 68.25,
    memoryOptionsGB: [8, 16],
    thunderboltGBps: 5,
    source: 'Apple M1 announcement (2.6 TFLOPS, 8-core GPU); LPDDR4X-4266 128-bit = 68.25 GB/s; 8 or 16 GB',
  },
  {
    id: 'apple-m1-pro',
    name: 'Apple M1 Pro (16-core GPU)',
    gpuCores: 16,
    gpuTflops: 5.2,
    memoryBandwidthGBps: 200,
    memoryOptionsGB: [16, 32],
    thunderboltGBps: 5,
    source:
      'Apple M1 Pro announcement (5.2 TFLOPS, up to 16-core GPU, 200 GB/s, 16 or 32 GB); 14-core GPU has the same bandwidth',
  },
  {
    id: 'apple-m1-max',
    name: 'Apple M1 Max (32-core GPU)',
    gpuCores: 32,
    gpuTflops: 10.4,
    memoryBandwidthGBps: 400,
    memoryOptionsGB: [32, 64],
    thunderboltGBps: 5,
    source:
      'Apple M1 Max announcement (10.4 TFLOPS, up to 32-core GPU, 400 GB/s, 32 or 64 GB); 24-core GPU has the same bandwidth',
  },
  {
    id: 'apple-m1-ultra',
    name: 'Apple M1 Ultra (64-core GPU)',
    gpuCores: 64,
    gpuTflops: 21,
    memoryBandwidthGBps: 800,
    memoryOptionsGB: [64, 128],
    thunderboltGBps: 5,
    source:
      'Apple M1 Ultra announcement (21 TFLOPS, up to 64-core GPU, 800 GB/s, 64 or 128 GB); two M1 Max dies over UltraFusion act as one GPU',
  },
  {
    id: 'apple-m2',
    name: 'Apple M2 (10-core GPU)',
    gpuCores: 10,
    gpuTflops: 3.6,
    memoryBandwidthGBps: 100,
    memoryOptionsGB: [8, 16, 24],
    thunderboltGBps: 5,
    source: 'Apple M2 announcement (3.6 TFLOPS, up to 10-core GPU, 100 GB/s, 8, 16 or 24 GB)',
  },
  {
    id: 'apple-m2-pro',
    name: 'Apple M2 Pro (19-core GPU)',
    gpuCores: 19,
    gpuTflops: 6.8,
    memoryBandwidthGBps: 200,
    memoryOptionsGB: [16, 32],
    thunderboltGBps: 5,
    source: 'Apple M2 Pro announcement (6.8 TFLOPS, up to 19-core GPU, 200 GB/s, 16 or 32 GB)',
  },
  {
    id: 'apple-m2-max',
    name: 'Apple M2 Max (38-core GPU)',
    gpuCores: 38,
    gpuTflops: 13.6,
    memoryBandwidthGBps: 400,
    memoryOptionsGB: [32, 64, 96],
    thunderboltGBps: 5,
    source:
      'Apple M2 Max announcement (13.6 TFLOPS, up to 38-core GPU, 400 GB/s, 32, 64 or 96 GB); 30-core GPU has the same bandwidth',
  },
  {
    id: 'apple-m2-ultra',
    name: 'Apple M2 Ultra (76-core GPU)',
    gpuCores: 76,
    gpuTflops: 27.2,
    memoryBandwidthGBps: 800,
    memoryOptionsGB: [64, 128, 192],
    thunderboltGBps: 5,
    source: 'Apple M2 Ultra announcement (27.2 TFLOPS, up to 76-core GPU, 800 GB/s, 64, 128 or 192 GB)',
  },
  {
    id: 'apple-m3',
    name: 'Apple M3 (10-core GPU)',
    gpuCores: 10,
    gpuTflops: appleTflops(10, 1.398),
    memoryBandwidthGBps: 100,
    memoryOptionsGB: [8, 16, 24],
    thunderboltGBps: 5,
    source:
      'Apple M3 specifications (up to 10-core GPU, 100 GB/s, 8, 16 or 24 GB); GPU clock 1.398 GHz (hmc-tech GPU database)',
  },
  {
    id: 'apple-m3-pro',
    name: 'Apple M3 Pro (18-core GPU)',
    gpuCores: 18,
    gpuTflops: appleTflops(18, 1.398),
    memoryBandwidthGBps: 150,
    memoryOptionsGB: [18, 36],
    thunderboltGBps: 5,
    source:
      'Apple M3 Pro specifications (up to 18-core GPU, 150 GB/s, 18 or 36 GB); GPU clock 1.398 GHz (hmc-tech: 6.44 TFLOPS)',
  },
  {
    id: 'apple-m3-max-30c',
    name: 'Apple M3 Max (30-core GPU)',
    gpuCores: 30,
    gpuTflops: appleTflops(30, 1.398),
    memoryBandwidthGBps: 300,
    memoryOptionsGB: [36, 96],
    thunderboltGBps: 5,
    source:
      'Apple M3 Max specifications: the 14-core CPU / 30-core GPU chip has 300 GB/s and 36 or 96 GB; hmc-tech: 10.74 TFLOPS',
  },
  {
    id: 'apple-m3-max',
    name: 'Apple M3 Max (40-core GPU)',
    gpuCores: 40,
    gpuTflops: appleTflops(40, 1.398),
    memoryBandwidthGBps: 400,
    memoryOptionsGB: [48, 64, 128],
    thunderboltGBps: 5,
    otherBin: 'apple-m3-max-30c',
    source:
      'Apple M3 Max specifications: the 16-core CPU / 40-core GPU chip has 400 GB/s and 48, 64 or 128 GB; hmc-tech: 14.32 TFLOPS',
  },
  {
    id: 'apple-m3-ultra',
    name: 'Apple M3 Ultra (80-core GPU)',
    gpuCores: 80,
    gpuTflops: appleTflops(80, 1.398),
    memoryBandwidthGBps: 819,
    memoryOptionsGB: [96, 256, 512],
    thunderboltGBps: 10,
    source:
      'Apple Mac Studio (2025) specifications: M3 Ultra up to 80-core GPU, 819 GB/s, 96, 256 or 512 GB, Thunderbolt 5; GPU clock as M3 Max',
  },
  {
    id: 'apple-m4',
    name: 'Apple M4 (10-core GPU)',
    gpuCores: 10,
    gpuTflops: appleTflops(10, 1.47),
    memoryBandwidthGBps: 120,
    memoryOptionsGB: [16, 24, 32],
    thunderboltGBps: 5,
    source:
      'Apple M4 Mac announcement (10-core GPU, 120 GB/s, up to 32 GB; Macs ship with 16, 24 or 32 GB); GPU clock 1.47 GHz (hmc-tech: 3.76 TFLOPS)',
  },
  {
    id: 'apple-m4-pro',
    name: 'Apple M4 Pro (20-core GPU)',
    gpuCores: 20,
    gpuTflops: appleTflops(20, 1.47),
    memoryBandwidthGBps: 273,
    memoryOptionsGB: [24, 48, 64],
    thunderboltGBps: 10,
    source:
      'Apple M4 Pro announcement (up to 20-core GPU, 273 GB/s, 24, 48 or 64 GB, Thunderbolt 5); GPU clock 1.47 GHz (hmc-tech: 16-core 6.02 TFLOPS)',
  },
  {
    id: 'apple-m4-max-32c',
    name: 'Apple M4 Max (32-core GPU)',
    gpuCores: 32,
    gpuTflops: appleTflops(32, 1.678),
    memoryBandwidthGBps: 410,
    memoryOptionsGB: [36],
    thunderboltGBps: 10,
    source:
      'Apple M4 Max specifications: the 14-core CPU / 32-core GPU chip has 410 GB/s and 36 GB; hmc-tech: 13.74 TFLOPS',
  },
  {
    id: 'apple-m4-max',
    name: 'Apple M4 Max (40-core GPU)',
    gpuCores: 40,
    gpuTflops: appleTflops(40, 1.678),
    memoryBandwidthGBps: 546,
    memoryOptionsGB: [48, 64, 128],
    thunderboltGBps: 10,
    otherBin: 'apple-m4-max-32c',
    source:
      'Apple M4 Max announcement: the 16-core CPU / 40-core GPU chip has 546 GB/s and 48, 64 or 128 GB; GPU clock as the 32-core bin (hmc-tech)',
  },
];

export const appleSilicon: readonly AcceleratorSpec[] = appleChips.map((chip) => {
  const smallest = Math.min(...chip.memoryOptionsGB);
  return {
    id: chip.id,
    name: chip.name,
    vendor: 'Apple',
    kind: 'gpu',
    hardwareClass: 'apple-silicon',
    nominalMemoryGB: smallest,
    memoryGiB: appleGpuMemoryGiB(smallest),
    memoryBandwidthGBps: chip.memoryBandwidthGBps,
    peakTflops: { fp32: chip.gpuTflops, fp16: chip.gpuTflops },
    // One Mac is one device: the GPU is on the SoC. Macs reach each other only over Thunderbolt or
    // Ethernet, which the planner does not pool over (see capabilitiesOf: poolable false).
    interconnect: { kind: 'network', bandwidthGBps: chip.thunderboltGBps },
    devicesPerNode: 1,
    ownedOnly: true,
    unifiedMemory: {
      optionsGB: chip.memoryOptionsGB,
      gpuFractionSmall: appleGpuMemoryRule.smallMachineFraction,
      gpuFractionLarge: appleGpuMemoryRule.largeMachineFraction,
      smallMachineMaxGB: appleGpuMemoryRule.smallMachineMaxGB,
      ...(chip.otherBin && { otherBin: chip.otherBin }),
    },
    source: `${chip.source}; GPU memory: ${appleGpuMemoryRule.source}`,
  } satisfies AcceleratorSpec;
});
