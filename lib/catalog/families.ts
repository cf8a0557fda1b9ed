import type { AcceleratorId, CpuGenerationId } from '../hardware/index.js';

/**
 * The instance families in the catalog and what each runs on: the host CPU generation and, for
 * accelerated families, the accelerator. Per-size facts (vCPUs, memory, device count, network,
 * price) come from the reference table through `scripts/build-embedded-catalog.ts`.
 *
 * Host processors are those AWS documents on each family's product page and in the EC2 User Guide
 * ("Instance type specifications", processor column), as also reported by the Price List
 * `physicalProcessor` attribute. Where lib/hardware has no row for the exact generation, the nearest
 * one is used and the comment says so.
 */
export interface InstanceFamily {
  family: string;
  cpu: CpuGenerationId;
  accelerator?: AcceleratorId;
  /** The host processor as AWS documents it. */
  processor: string;
}

const intel5 = 'Intel Xeon Platinum 8175M/8124M (Skylake-SP) or 8259CL/8275CL (Cascade Lake)';

/**
 * CPU families people run inference on: general (m), compute (c) and memory (r) optimized, x86 and
 * Graviton, current generations, plus the burstable t3/t4g for the smallest personal deployments.
 * m5/c5/r5/t3 hosts are a mix of Skylake-SP and Cascade Lake; Cascade Lake is most of the fleet
 * (and the only host of the c5.12xlarge/24xlarge sizes), so its figures are used.
 */
export const cpuFamilies: readonly InstanceFamily[] = [
  { family: 'm5', cpu: 'cascade-lake', processor: intel5 },
  { family: 'c5', cpu: 'cascade-lake', processor: intel5 },
  { family: 'r5', cpu: 'cascade-lake', processor: intel5 },
  { family: 't3', cpu: 'cascade-lake', processor: intel5 },
  { family: 'm6i', cpu: 'ice-lake', processor: 'Intel Xeon Platinum 8375C (Ice Lake)' },
  { family: 'c6i', cpu: 'ice-lake', processor: 'Intel Xeon Platinum 8375C (Ice Lake)' },
  { family: 'r6i', cpu: 'ice-lake', processor: 'Intel Xeon Platinum 8375C (Ice Lake)' },
  { family: 'm6a', cpu: 'milan', processor: 'AMD EPYC 7R13 (Milan)' },
  { family: 'c6a', cpu: 'milan', processor: 'AMD EPYC 7R13 (Milan)' },
  { family: 'r6a', cpu: 'milan', processor: 'AMD EPYC 7R13 (Milan)' },
  { family: 'm6g', cpu: 'graviton2', processor: 'AWS Graviton2' },
  { family: 'c6g', cpu: 'graviton2', processor: 'AWS Graviton2' },
  { family: 'r6g', cpu: 'graviton2', processor: 'AWS Graviton2' },
  { family: 't4g', cpu: 'graviton2', processor: 'AWS Graviton2' },
  { family: 'm7i', cpu: 'sapphire-rapids', processor: 'Intel Xeon Platinum 8488C (Sapphire Rapids)' },
  { family: 'c7i', cpu: 'sapphire-rapids', processor: 'Intel Xeon Platinum 8488C (Sapphire Rapids)' },
  { family: 'r7i', cpu: 'sapphire-rapids', processor: 'Intel Xeon Platinum 8488C (Sapphire Rapids)' },
  { family: 'm7a', cpu: 'genoa', processor: 'AMD EPYC 9R14 (Genoa)' },
  { family: 'c7a', cpu: 'genoa', processor: 'AMD EPYC 9R14 (Genoa)' },
  { family: 'r7a', cpu: 'genoa', processor: 'AMD EPYC 9R14 (Genoa)' },
  { family: 'm7g', cpu: 'graviton3', processor: 'AWS Graviton3' },
  { family: 'c7g', cpu: 'graviton3', processor: 'AWS Graviton3' },
  { family: 'r7g', cpu: 'graviton3', processor: 'AWS Graviton3' },
  { family: 'm8g', cpu: 'graviton4', processor: 'AWS Graviton4' },
  { family: 'c8g', cpu: 'graviton4', processor: 'AWS Graviton4' },
  { family: 'r8g', cpu: 'graviton4', processor: 'AWS Graviton4' },
  { family: 'm8i', cpu: 'granite-rapids', processor: 'Intel Xeon 6 custom (Granite Rapids)' },
  { family: 'c8i', cpu: 'granite-rapids', processor: 'Intel Xeon 6 custom (Granite Rapids)' },
  { family: 'r8i', cpu: 'granite-rapids', processor: 'Intel Xeon 6 custom (Granite Rapids)' },
  { family: 'm8a', cpu: 'turin', processor: 'AMD EPYC 9R45 (Turin)' },
  { family: 'c8a', cpu: 'turin', processor: 'AMD EPYC 9R45 (Turin)' },
  { family: 'r8a', cpu: 'turin', processor: 'AMD EPYC 9R45 (Turin)' },
];

/** GPU families (NVIDIA) and AWS Neuron families (Inferentia2, Trainium). */
export const acceleratedFamilies: readonly InstanceFamily[] = [
  {
    family: 'g4dn',
    cpu: 'cascade-lake',
    accelerator: 't4',
    processor: 'Intel Xeon Platinum 8259CL (Cascade Lake)',
  },
  { family: 'g5', cpu: 'rome', accelerator: 'a10g', processor: 'AMD EPYC 7R32 (Rome)' },
  // T4G is the T4 chip on a Graviton host; lib/hardware has one T4 row for both.
  { family: 'g5g', cpu: 'graviton2', accelerator: 't4', processor: 'AWS Graviton2' },
  { family: 'g6', cpu: 'milan', accelerator: 'l4', processor: 'AMD EPYC 7R13 (Milan)' },
  // gr6: the same L4 with twice the host memory per vCPU (graphics-heavy sizing); whole GPUs only.
  { family: 'gr6', cpu: 'milan', accelerator: 'l4', processor: 'AMD EPYC 7R13 (Milan)' },
  { family: 'g6e', cpu: 'milan', accelerator: 'l40s', processor: 'AMD EPYC 7R13 (Milan)' },
  // g7/g7e hosts: 5th-gen Xeon (Emerald Rapids) per the launch posts, not re-verified here; modelled
  // as Sapphire Rapids (same Golden Cove cores and AMX), the nearest row in lib/hardware.
  {
    family: 'g7',
    cpu: 'sapphire-rapids',
    accelerator: 'rtx-pro-4500',
    processor: 'Intel Xeon (Emerald Rapids)',
  },
  {
    family: 'g7e',
    cpu: 'sapphire-rapids',
    accelerator: 'rtx-pro-6000',
    processor: 'Intel Xeon (Emerald Rapids)',
  },
  // p3 hosts are Broadwell (E5-2686 v4); lib/hardware has no Broadwell row, Skylake is the nearest
  // (it over-states the host's vector width, which matters little on a GPU instance).
  { family: 'p3', cpu: 'skylake', accelerator: 'v100', processor: 'Intel Xeon E5-2686 v4 (Broadwell)' },
  {
    family: 'p3dn',
    cpu: 'skylake',
    accelerator: 'v100-32gb',
    processor: 'Intel Xeon Platinum 8175M (Skylake)',
  },
  // The reference table names both A100 variants "a100"; p4d carries 40 GB, p4de 80 GB.
  {
    family: 'p4d',
    cpu: 'cascade-lake',
    accelerator: 'a100-40gb',
    processor: 'Intel Xeon Platinum 8275CL (Cascade Lake)',
  },
  {
    family: 'p4de',
    cpu: 'cascade-lake',
    accelerator: 'a100-80gb',
    processor: 'Intel Xeon Platinum 8275CL (Cascade Lake)',
  },
  { family: 'p5', cpu: 'milan', accelerator: 'h100', processor: 'AMD EPYC 7R13 (Milan)' },
  { family: 'p5e', cpu: 'milan', accelerator: 'h200', processor: 'AMD EPYC 7R13 (Milan)' },
  {
    family: 'p5en',
    cpu: 'sapphire-rapids',
    accelerator: 'h200',
    processor: 'Intel Xeon Platinum 8488C (Sapphire Rapids)',
  },
  // p6-b200: Xeon Platinum 8559C (Emerald Rapids), modelled as Sapphire Rapids (nearest row).
  {
    family: 'p6-b200',
    cpu: 'sapphire-rapids',
    accelerator: 'b200',
    processor: 'Intel Xeon Platinum 8559C (Emerald Rapids)',
  },
  {
    family: 'p6-b300',
    cpu: 'granite-rapids',
    accelerator: 'b300',
    processor: 'Intel Xeon 6 (Granite Rapids)',
  },
  { family: 'inf2', cpu: 'milan', accelerator: 'inferentia2', processor: 'AMD EPYC 7R13 (Milan)' },
  {
    family: 'trn1',
    cpu: 'ice-lake',
    accelerator: 'trainium',
    processor: 'Intel Xeon Platinum 8375C (Ice Lake)',
  },
  {
    family: 'trn1n',
    cpu: 'ice-lake',
    accelerator: 'trainium',
    processor: 'Intel Xeon Platinum 8375C (Ice Lake)',
  },
  {
    family: 'trn2',
    cpu: 'sapphire-rapids',
    accelerator: 'trainium2',
    processor: 'Intel Xeon Platinum 8488C (Sapphire Rapids)',
  },
];

export const catalogFamilies: readonly InstanceFamily[] = [...cpuFamilies, ...acceleratedFamilies];

/**
 * Accelerated families deliberately left out, and why. The live source skips them too.
 * Bare-metal `.metal*` sizes are left out of every family: they are the largest virtualized size's
 * hardware without a hypervisor, and add nothing to a sizing decision.
 */
export const excludedFamilies: Readonly<Record<string, string>> = {
  g6f: 'fractional L4 (1/8 to 1/2 of a GPU): the planner sizes whole devices',
  gr6f: 'fractional L4 (1/2 of a GPU): the planner sizes whole devices',
  g2: 'graphics-only, obsolete (GRID K520)',
  g3: 'graphics-only, obsolete (Tesla M60)',
  g3s: 'graphics-only, obsolete (Tesla M60)',
  g4ad: 'graphics-only AMD Radeon Pro V520, no mainstream ML runtime support',
  p2: 'obsolete (Tesla K80, no longer supported by current CUDA)',
  dl1: 'Habana Gaudi, retired and without a spec in lib/hardware',
  dl2q: 'Qualcomm AI 100, niche runtime and without a spec in lib/hardware',
  inf1: 'first-generation Inferentia, superseded by inf2 and limited to older Neuron releases',
};

/** Instance types listed without an on-demand price, and why (shown as `unavailableReason`). */
export const unpricedReasons: Readonly<Record<string, string>> = {
  'p5e.48xlarge': 'Sold as EC2 Capacity Blocks for ML only: no on-demand price.',
  'trn2.48xlarge':
    'No on-demand Linux price in the reference price table (2026-07-20): sold through Capacity Blocks for ML.',
};

const familiesByName = new Map(catalogFamilies.map((f) => [f.family, f]));

/** The family of an instance type: the part before the first dot (`p6-b200.48xlarge` → `p6-b200`). */
export function familyOf(instanceType: string): string {
  return instanceType.split('.')[0] ?? instanceType;
}

/** True for bare-metal sizes (`.metal`, `.metal-24xl`, ...). */
export function isMetalSize(instanceType: string): boolean {
  return /\.metal(-|$)/.test(instanceType);
}

/** The catalog family row, or undefined for families the catalog does not cover. */
export function findFamily(family: string): InstanceFamily | undefined {
  return familiesByName.get(family);
}
