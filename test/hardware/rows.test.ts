import { describe, expect, it } from 'vitest';
import { embeddedInstanceSpecs } from '../../lib/catalog/index.js';
import {
  acceleratorIds,
  accelerators,
  appleChips,
  appleGpuMemoryGiB,
  findAccelerator,
  geforceCards,
} from '../../lib/hardware/index.js';

const owned = accelerators.filter((a) => a.ownedOnly);
const consumer = accelerators.filter((a) => a.hardwareClass === 'consumer-gpu');
const apple = accelerators.filter((a) => a.hardwareClass === 'apple-silicon');

describe('Table: accelerator rows', () => {
  it('should list every id once, and find every row by its id', () => {
    expect(new Set(acceleratorIds).size).toBe(acceleratorIds.length);
    expect(accelerators.map((a) => a.id)).toEqual([...acceleratorIds]);
    for (const id of acceleratorIds) expect(findAccelerator(id)?.id).toBe(id);
  });

  it.each(accelerators.map((a) => [a.id, a] as const))(
    '%s should have a source and sane numbers',
    (_id, a) => {
      expect(a.source.length).toBeGreaterThan(20);
      // Usable memory never exceeds the installed memory (GB of DRAM chips are GiB), and is most of it
      // except on a Mac, where the GPU gets 2/3 to 3/4.
      expect(a.memoryGiB).toBeLessThanOrEqual(a.nominalMemoryGB);
      expect(a.memoryGiB).toBeGreaterThanOrEqual(a.nominalMemoryGB * (a.unifiedMemory ? 0.66 : 0.9));
      expect(a.memoryBandwidthGBps).toBeGreaterThan(60);
      expect(a.memoryBandwidthGBps).toBeLessThanOrEqual(8000);
      expect(a.peakTflops.fp32).toBeGreaterThan(2);
      expect(a.peakTflops.fp16).toBeGreaterThanOrEqual(a.peakTflops.fp32);
      // INT8 at least at the FP32 rate (V100's dp4a on CUDA cores is below its FP16 tensor rate).
      if (a.peakTflops.int8 !== undefined) expect(a.peakTflops.int8).toBeGreaterThan(a.peakTflops.fp32);
      expect(a.interconnect.bandwidthGBps).toBeGreaterThan(0);
    },
  );

  it('should mark the owned hardware owned-only and keep it out of the EC2 catalog', () => {
    expect(owned.length).toBe(consumer.length + apple.length);
    const inCatalog = new Set(embeddedInstanceSpecs().flatMap((i) => (i.accelerator ? [i.accelerator] : [])));
    for (const a of owned) expect(inCatalog.has(a.id), a.id).toBe(false);
    for (const id of inCatalog) expect(findAccelerator(id)?.ownedOnly, id).toBeUndefined();
  });
});

describe('Table: GeForce cards', () => {
  it.each([
    'rtx-3060-12gb',
    'rtx-3090',
    'rtx-4060-ti-16gb',
    'rtx-4090',
    'rtx-5090',
    'rtx-3080',
    'rtx-3090-ti',
    'rtx-4070-ti-super',
    'rtx-4080-super',
    'rtx-5080',
  ])('should have %s', (id) => {
    expect(findAccelerator(id)?.hardwareClass).toBe('consumer-gpu');
  });

  // Whitepaper appendix figures (dense): the per-SM derivation must reproduce them.
  it.each([
    { id: 'rtx-3090', fp32: 35.6, fp16: 71.2, fp16Accumulate: 142.3, int8: 284.7, fp8: undefined },
    { id: 'rtx-4090', fp32: 82.6, fp16: 165.2, fp16Accumulate: 330.3, int8: 660.6, fp8: 330.3 },
    { id: 'rtx-5090', fp32: 104.8, fp16: 209.5, fp16Accumulate: 419, int8: 838, fp8: 419 },
  ])('should give $id the whitepaper peaks', ({ id, fp32, fp16, fp16Accumulate, int8, fp8 }) => {
    const a = findAccelerator(id);
    expect(a?.peakTflops).toMatchObject({ fp32, fp16, bf16: fp16, int8 });
    expect(a?.peakTflops.fp8).toBe(fp8);
    expect(a?.fp16AccumulateTflops).toBe(fp16Accumulate);
  });

  it.each(consumer.map((a) => [a.id, a] as const))(
    '%s: GDDR bandwidth and memory a GeForce has',
    (_id, a) => {
      expect(a.memoryBandwidthGBps).toBeGreaterThanOrEqual(250);
      expect(a.memoryBandwidthGBps).toBeLessThanOrEqual(1800);
      expect([8, 10, 12, 16, 24, 32]).toContain(a.nominalMemoryGB);
      expect(a.interconnect.kind).toBe('pcie');
      // 16-bit tensor work accumulating in FP32 runs at half the FP16-accumulate rate on GeForce.
      expect(a.fp16AccumulateTflops).toBeCloseTo(2 * a.peakTflops.fp16, 0);
    },
  );

  it('should keep each card consistent with its bus: bandwidth = bus width x data rate', () => {
    // RTX 4060 Ti: 128-bit x 18 Gbps / 8 = 288 GB/s; RTX 5090: 512-bit x 28 Gbps / 8 = 1792 GB/s.
    expect(geforceCards.find((c) => c.id === 'rtx-4060-ti-16gb')?.memoryBandwidthGBps).toBe((128 * 18) / 8);
    expect(geforceCards.find((c) => c.id === 'rtx-5090')?.memoryBandwidthGBps).toBe((512 * 28) / 8);
  });
});

describe('Table: Apple silicon', () => {
  const variants = ['', '-pro', '-max', '-ultra'];
  it.each(['m1', 'm2', 'm3'].flatMap((g) => variants.map((v) => `apple-${g}${v}`)))(
    'should have %s',
    (id) => {
      expect(findAccelerator(id)?.hardwareClass).toBe('apple-silicon');
    },
  );

  it.each(['apple-m4', 'apple-m4-pro', 'apple-m4-max', 'apple-m4-max-32c', 'apple-m3-max-30c'])(
    'should have %s',
    (id) => {
      expect(findAccelerator(id)?.unifiedMemory).toBeDefined();
    },
  );

  it('should not invent variants that do not exist', () => {
    for (const id of ['apple-m4-ultra', 'apple-m2-max-30c']) expect(findAccelerator(id)).toBeUndefined();
  });

  // Apple's specifications: bandwidth per variant, and the memory each ships with.
  it.each([
    { id: 'apple-m1', bandwidth: 68.25, options: [8, 16] },
    { id: 'apple-m1-max', bandwidth: 400, options: [32, 64] },
    { id: 'apple-m2', bandwidth: 100, options: [8, 16, 24] },
    { id: 'apple-m2-ultra', bandwidth: 800, options: [64, 128, 192] },
    { id: 'apple-m3-pro', bandwidth: 150, options: [18, 36] },
    { id: 'apple-m3-max-30c', bandwidth: 300, options: [36, 96] },
    { id: 'apple-m3-max', bandwidth: 400, options: [48, 64, 128] },
    { id: 'apple-m3-ultra', bandwidth: 819, options: [96, 256, 512] },
    { id: 'apple-m4', bandwidth: 120, options: [16, 24, 32] },
    { id: 'apple-m4-pro', bandwidth: 273, options: [24, 48, 64] },
    { id: 'apple-m4-max-32c', bandwidth: 410, options: [36] },
    { id: 'apple-m4-max', bandwidth: 546, options: [48, 64, 128] },
  ])('$id: $bandwidth GB/s, ships with $options GB', ({ id, bandwidth, options }) => {
    const a = findAccelerator(id);
    expect(a?.memoryBandwidthGBps).toBe(bandwidth);
    expect(a?.unifiedMemory?.optionsGB).toEqual(options);
    // The row assumes the smallest machine.
    expect(a?.nominalMemoryGB).toBe(options[0]);
    expect(a?.memoryGiB).toBe(appleGpuMemoryGiB(options[0] ?? 0));
  });

  // recommendedMaxWorkingSetSize as llama.cpp logs it (MiB): the GPU share of unified memory.
  it.each([
    { installedGB: 8, mib: 5461.34 },
    { installedGB: 16, mib: 10922.67 },
    { installedGB: 32, mib: 21845.34 },
    { installedGB: 64, mib: 49152 },
    { installedGB: 96, mib: 73728 },
  ])('should give the GPU $mib MiB of $installedGB GB', ({ installedGB, mib }) => {
    expect(appleGpuMemoryGiB(installedGB)).toBeCloseTo(mib / 1024, 2);
  });

  it('should run FP16 at the FP32 rate, without INT8 or BF16 units, one Mac as one device', () => {
    for (const a of apple) {
      expect(a.peakTflops.fp16).toBe(a.peakTflops.fp32);
      expect(a.peakTflops.int8).toBeUndefined();
      expect(a.peakTflops.bf16).toBeUndefined();
      expect(a.devicesPerNode).toBe(1);
      expect(a.memoryBandwidthGBps).toBeGreaterThanOrEqual(68);
      expect(a.memoryBandwidthGBps).toBeLessThanOrEqual(820);
    }
  });

  it('should tell a chip and its bin apart by memory size', () => {
    const binned = appleChips.filter((c) => c.otherBin);
    expect(binned.map((c) => [c.id, c.otherBin])).toEqual([
      ['apple-m3-max', 'apple-m3-max-30c'],
      ['apple-m4-max', 'apple-m4-max-32c'],
    ]);
    for (const chip of binned) {
      const bin = appleChips.find((c) => c.id === chip.otherBin);
      expect(bin?.memoryBandwidthGBps).toBeLessThan(chip.memoryBandwidthGBps);
      expect(chip.memoryOptionsGB.filter((o) => bin?.memoryOptionsGB.includes(o))).toEqual([]);
    }
  });
});
