/**
 * Server CPU generations on EC2, per socket as AWS deploys them.
 *
 * An instance's share is derived from its vCPUs (see `cpuInstanceResources`): memory bandwidth is
 * limited both by the sockets it spans and by how much its cores can pull on their own (a core can
 * only keep so many cache misses in flight: Little's law), which is why a 4-vCPU instance gets far
 * more than 4/64 of a socket's bandwidth when the host is not saturated.
 */

export const cpuGenerationIds = [
  'graviton2',
  'graviton3',
  'graviton4',
  'skylake',
  'cascade-lake',
  'ice-lake',
  'sapphire-rapids',
  'granite-rapids',
  'rome',
  'milan',
  'genoa',
  'turin',
] as const;

export type CpuGenerationId = (typeof cpuGenerationIds)[number];

export interface CpuGenerationSpec {
  id: CpuGenerationId;
  name: string;
  architecture: 'arm64' | 'x86_64';
  /** vCPUs per socket in the largest EC2 size of this generation. */
  vcpusPerSocket: number;
  /** 2 with SMT (Intel, AMD before Genoa on EC2), 1 on Graviton and on AMD 7a/8a. */
  threadsPerCore: number;
  /** Sustained all-core clock, GHz. */
  clockGHz: number;
  memoryChannels: number;
  memoryMTps: number;
  /** Bandwidth one core can sustain alone (single-thread STREAM-class figure), GB/s. */
  perCoreBandwidthGBps: number;
  /** Dense operations per cycle per core. fp32: FMA vector units; bf16/int8: dot-product or matrix units. */
  opsPerCyclePerCore: { fp32: number; bf16: number; int8: number };
  matrixExtension?: 'amx' | 'i8mm' | 'vnni' | 'sdot';
  source: string;
}

export const cpuGenerations: readonly CpuGenerationSpec[] = [
  {
    id: 'graviton2',
    name: 'AWS Graviton2 (Neoverse N1)',
    architecture: 'arm64',
    vcpusPerSocket: 64,
    threadsPerCore: 1,
    clockGHz: 2.5,
    memoryChannels: 8,
    memoryMTps: 3200,
    perCoreBandwidthGBps: 18,
    opsPerCyclePerCore: { fp32: 16, bf16: 16, int8: 64 },
    matrixExtension: 'sdot',
    source: 'AWS Graviton technical guide; Neoverse N1 2x128-bit NEON, SDOT; DDR4-3200 x8',
  },
  {
    id: 'graviton3',
    name: 'AWS Graviton3 (Neoverse V1)',
    architecture: 'arm64',
    vcpusPerSocket: 64,
    threadsPerCore: 1,
    clockGHz: 2.6,
    memoryChannels: 8,
    memoryMTps: 4800,
    perCoreBandwidthGBps: 24,
    opsPerCyclePerCore: { fp32: 32, bf16: 128, int8: 256 },
    matrixExtension: 'i8mm',
    source: 'AWS Graviton technical guide; Neoverse V1 2x256-bit SVE with BFMMLA/SMMLA; DDR5-4800 x8',
  },
  {
    id: 'graviton4',
    name: 'AWS Graviton4 (Neoverse V2)',
    architecture: 'arm64',
    vcpusPerSocket: 96,
    threadsPerCore: 1,
    clockGHz: 2.8,
    memoryChannels: 12,
    memoryMTps: 5600,
    perCoreBandwidthGBps: 28,
    opsPerCyclePerCore: { fp32: 32, bf16: 128, int8: 256 },
    matrixExtension: 'i8mm',
    source: 'AWS Graviton4 announcement; Neoverse V2 4x128-bit SVE2; DDR5-5600 x12',
  },
  {
    id: 'skylake',
    name: 'Intel Xeon Scalable 1st gen (Skylake-SP)',
    architecture: 'x86_64',
    vcpusPerSocket: 36,
    threadsPerCore: 2,
    clockGHz: 3.0,
    memoryChannels: 6,
    memoryMTps: 2666,
    perCoreBandwidthGBps: 11,
    opsPerCyclePerCore: { fp32: 64, bf16: 64, int8: 128 },
    source: 'Intel Xeon Platinum 8124M (c5); AVX-512 2 FMA units; DDR4-2666 x6',
  },
  {
    id: 'cascade-lake',
    name: 'Intel Xeon Scalable 2nd gen (Cascade Lake)',
    architecture: 'x86_64',
    vcpusPerSocket: 48,
    threadsPerCore: 2,
    clockGHz: 3.0,
    memoryChannels: 6,
    memoryMTps: 2933,
    perCoreBandwidthGBps: 12,
    opsPerCyclePerCore: { fp32: 64, bf16: 64, int8: 256 },
    matrixExtension: 'vnni',
    source: 'Intel Xeon Platinum 8259CL/8275CL (m5, c5, g4dn); AVX-512 VNNI; DDR4-2933 x6',
  },
  {
    id: 'ice-lake',
    name: 'Intel Xeon Scalable 3rd gen (Ice Lake)',
    architecture: 'x86_64',
    vcpusPerSocket: 64,
    threadsPerCore: 2,
    clockGHz: 3.1,
    memoryChannels: 8,
    memoryMTps: 3200,
    perCoreBandwidthGBps: 14,
    opsPerCyclePerCore: { fp32: 64, bf16: 64, int8: 256 },
    matrixExtension: 'vnni',
    source: 'Intel Xeon Platinum 8375C (m6i, c6i, r6i); AVX-512 VNNI; DDR4-3200 x8',
  },
  {
    id: 'sapphire-rapids',
    name: 'Intel Xeon Scalable 4th gen (Sapphire Rapids)',
    architecture: 'x86_64',
    vcpusPerSocket: 96,
    threadsPerCore: 2,
    clockGHz: 3.0,
    memoryChannels: 8,
    memoryMTps: 4800,
    perCoreBandwidthGBps: 16,
    // AMX tiles: 1024 BF16 operations per cycle per core (oneDNN uses them). The int8 figure is the
    // AVX-512 VNNI rate that llama.cpp-style quantized kernels use, not AMX's 2048.
    opsPerCyclePerCore: { fp32: 64, bf16: 1024, int8: 256 },
    matrixExtension: 'amx',
    source: 'Intel Xeon Platinum 8488C (m7i, c7i, r7i); AMX; DDR5-4800 x8',
  },
  {
    id: 'granite-rapids',
    name: 'Intel Xeon 6 (Granite Rapids)',
    architecture: 'x86_64',
    vcpusPerSocket: 192,
    threadsPerCore: 2,
    clockGHz: 3.2,
    memoryChannels: 12,
    memoryMTps: 6400,
    perCoreBandwidthGBps: 18,
    opsPerCyclePerCore: { fp32: 64, bf16: 1024, int8: 256 },
    matrixExtension: 'amx',
    source: 'Intel Xeon 6 product brief (m8i, c8i, r8i); AMX; DDR5-6400 x12',
  },
  {
    id: 'rome',
    name: 'AMD EPYC 2nd gen (Rome)',
    architecture: 'x86_64',
    vcpusPerSocket: 96,
    threadsPerCore: 2,
    clockGHz: 3.3,
    memoryChannels: 8,
    memoryMTps: 3200,
    perCoreBandwidthGBps: 20,
    opsPerCyclePerCore: { fp32: 32, bf16: 32, int8: 64 },
    source: 'AMD EPYC 7R32 (c5a, g5 hosts); AVX2 2 FMA units; DDR4-3200 x8',
  },
  {
    id: 'milan',
    name: 'AMD EPYC 3rd gen (Milan)',
    architecture: 'x86_64',
    vcpusPerSocket: 96,
    threadsPerCore: 2,
    clockGHz: 3.6,
    memoryChannels: 8,
    memoryMTps: 3200,
    perCoreBandwidthGBps: 22,
    opsPerCyclePerCore: { fp32: 32, bf16: 32, int8: 64 },
    source: 'AMD EPYC 7R13 (m6a, c6a, r6a); AVX2; DDR4-3200 x8',
  },
  {
    id: 'genoa',
    name: 'AMD EPYC 4th gen (Genoa)',
    architecture: 'x86_64',
    vcpusPerSocket: 96,
    threadsPerCore: 1,
    clockGHz: 3.7,
    memoryChannels: 12,
    memoryMTps: 4800,
    perCoreBandwidthGBps: 26,
    opsPerCyclePerCore: { fp32: 32, bf16: 64, int8: 128 },
    matrixExtension: 'vnni',
    source:
      'AMD EPYC 9R14 (m7a, c7a, r7a; SMT off: 1 vCPU = 1 core); AVX-512 on 256-bit datapaths; DDR5-4800 x12',
  },
  {
    id: 'turin',
    name: 'AMD EPYC 5th gen (Turin)',
    architecture: 'x86_64',
    vcpusPerSocket: 96,
    threadsPerCore: 1,
    clockGHz: 3.7,
    memoryChannels: 12,
    memoryMTps: 6000,
    perCoreBandwidthGBps: 28,
    opsPerCyclePerCore: { fp32: 64, bf16: 128, int8: 256 },
    matrixExtension: 'vnni',
    source: 'AMD EPYC 9R45 (m8a, c8a, r8a; SMT off); full 512-bit AVX-512; DDR5-6000 x12',
  },
];

const cpusById = new Map<string, CpuGenerationSpec>(cpuGenerations.map((c) => [c.id, c]));

export function findCpuGeneration(id: string): CpuGenerationSpec | undefined {
  return cpusById.get(id);
}

/** Peak DRAM bandwidth of one socket: channels x transfers/s x 8 bytes. */
export function socketBandwidthGBps(cpu: CpuGenerationSpec): number {
  return (cpu.memoryChannels * cpu.memoryMTps * 8) / 1000;
}

/**
 * Share of an extra socket's bandwidth a single inference process gets: engines such as llama.cpp
 * are not NUMA-aware, and dual-socket runs scale far below 2x (llama.cpp NUMA discussions).
 */
export const REMOTE_SOCKET_SHARE = 0.5;

export interface CpuInstanceResources {
  cores: number;
  sockets: number;
  memoryBandwidthGBps: number;
  peakTflops: { fp32: number; bf16: number; int8: number };
}

/**
 * What an instance with `vcpus` vCPUs of a generation can use: its physical cores, the sockets it
 * spans, the DRAM bandwidth those cores can draw (the lesser of the spanned sockets' bandwidth and
 * the cores' own limit) and its peak arithmetic throughput.
 */
export function cpuInstanceResources(cpu: CpuGenerationSpec, vcpus: number): CpuInstanceResources {
  const cores = Math.max(1, vcpus / cpu.threadsPerCore);
  const sockets = Math.max(1, Math.ceil(vcpus / cpu.vcpusPerSocket));
  // One process spread over sockets reads much of its memory remotely over the socket link:
  // count each extra socket at half its bandwidth.
  const socketsBandwidth = socketBandwidthGBps(cpu) * (1 + (sockets - 1) * REMOTE_SOCKET_SHARE);
  const memoryBandwidthGBps = Math.min(socketsBandwidth, cores * cpu.perCoreBandwidthGBps);
  const tflops = (opsPerCycle: number) => (cores * cpu.clockGHz * opsPerCycle) / 1000;
  return {
    cores,
    sockets,
    memoryBandwidthGBps,
    peakTflops: {
      fp32: tflops(cpu.opsPerCyclePerCore.fp32),
      bf16: tflops(cpu.opsPerCyclePerCore.bf16),
      int8: tflops(cpu.opsPerCyclePerCore.int8),
    },
  };
}
