import { describe, expect, it } from 'vitest';
import { type OwnedEntry, resolveOwned } from '../../lib/hardware/index.js';

const at = '/owned/0';

function problems(entry: OwnedEntry) {
  const r = resolveOwned(entry, at);
  if (r.ok) throw new Error(`expected problems for ${JSON.stringify(entry)}`);
  return r.problems;
}

function device(entry: OwnedEntry) {
  const r = resolveOwned(entry, at);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.device;
}

describe('Function: resolveOwned', () => {
  describe('GeForce cards', () => {
    it('should give a card its own memory and a label a person recognises', () => {
      const d = device({ accelerator: 'rtx-4090' });

      expect(d).toMatchObject({ accelerator: 'rtx-4090', count: 1, memoryPerDeviceGiB: 23.99 });
      expect(d.label).toBe('your RTX 4090 (24 GB)');
      expect(d.spec.memoryBandwidthGBps).toBe(1008);
    });

    it('should count several cards in one machine', () => {
      const d = device({ accelerator: 'rtx-3090', count: 2, memoryGiB: 24 });

      expect(d.count).toBe(2);
      expect(d.label).toBe('your 2x RTX 3090 (24 GB each)');
    });

    it.each([24, 23.99, 24.2])('should accept the card memory stated as %s', (memoryGiB) => {
      expect(device({ accelerator: 'rtx-4090', memoryGiB }).memoryPerDeviceGiB).toBe(23.99);
    });

    it.each([
      { entry: { accelerator: 'rtx-4090', memoryGiB: 48 }, pointer: `${at}/memoryGiB`, says: '24 GB' },
      { entry: { accelerator: 'rtx-3060-12gb', memoryGiB: 8 }, pointer: `${at}/memoryGiB`, says: '12 GB' },
      { entry: { accelerator: 'rtx-4090', count: 9 }, pointer: `${at}/count`, says: 'at most 8' },
    ])('should point at $pointer for $entry', ({ entry, pointer, says }) => {
      const [p, ...rest] = problems(entry);

      expect(rest).toEqual([]);
      expect(p?.pointer).toBe(pointer);
      expect(p?.message).toContain(says);
    });

    it('should use a caller label as given', () => {
      expect(device({ accelerator: 'rtx-5090', label: 'the box under my desk' }).label).toBe(
        'the box under my desk',
      );
    });
  });

  describe('Apple silicon', () => {
    it('should turn the installed memory into the GPU share', () => {
      const d = device({ accelerator: 'apple-m3-max', memoryGiB: 64 });

      expect(d).toMatchObject({ accelerator: 'apple-m3-max', installedMemoryGB: 64, memoryPerDeviceGiB: 48 });
      expect(d.spec.memoryGiB).toBe(48);
      expect(d.spec.nominalMemoryGB).toBe(64);
      expect(d.label).toBe('your Apple M3 Max (64 GB)');
      expect(d.notes.join(' ')).toContain('recommendedMaxWorkingSetSize');
    });

    it('should take 2/3 of a small Mac and 3/4 of a large one', () => {
      expect(device({ accelerator: 'apple-m1-pro', memoryGiB: 16 }).memoryPerDeviceGiB).toBe(10.67);
      expect(device({ accelerator: 'apple-m2-ultra', memoryGiB: 192 }).memoryPerDeviceGiB).toBe(144);
    });

    it('should pick the binned M3 Max from its memory size', () => {
      const d = device({ accelerator: 'apple-m3-max', memoryGiB: 36 });

      expect(d.accelerator).toBe('apple-m3-max-30c');
      expect(d.spec.memoryBandwidthGBps).toBe(300);
      expect(d.memoryPerDeviceGiB).toBe(27);
      expect(d.notes.join(' ')).toContain('300 GB/s');
    });

    it('should assume the smallest machine when the memory is not given, and say so', () => {
      const d = device({ accelerator: 'apple-m4-pro' });

      expect(d.installedMemoryGB).toBe(24);
      expect(d.memoryPerDeviceGiB).toBe(16);
      expect(d.notes[0]).toContain('assumed the smallest');
    });

    it.each([
      { memoryGiB: 16, says: '36, 48, 64, 96 or 128 GB' },
      { memoryGiB: 10_000, says: 'not 10000 GB' },
      { memoryGiB: 40, says: 'installed memory' },
    ])('should refuse an M3 Max with $memoryGiB GB', ({ memoryGiB, says }) => {
      const [p] = problems({ accelerator: 'apple-m3-max', memoryGiB });

      expect(p?.pointer).toBe(`${at}/memoryGiB`);
      expect(p?.message).toContain(says);
    });

    it('should refuse the 30-core M3 Max with a size only the 40-core one has', () => {
      expect(problems({ accelerator: 'apple-m3-max-30c', memoryGiB: 128 })[0]?.pointer).toBe(
        `${at}/memoryGiB`,
      );
    });

    it('should not pool two Macs', () => {
      const [p] = problems({ accelerator: 'apple-m2-ultra', count: 2, memoryGiB: 192 });

      expect(p?.pointer).toBe(`${at}/count`);
      expect(p?.message).toContain('cannot pool');
    });
  });

  describe('bad input', () => {
    it('should point an unknown accelerator at its field', () => {
      const [p, ...rest] = problems({ accelerator: 'gtx-1080' });

      expect(rest).toEqual([]);
      expect(p).toEqual({
        pointer: `${at}/accelerator`,
        message: expect.stringContaining('GET /v1/accelerators'),
      });
    });

    it.each([0, -1, 1.5, Number.NaN])('should refuse count %s', (count) => {
      expect(problems({ accelerator: 'rtx-4090', count })[0]?.pointer).toBe(`${at}/count`);
    });

    it.each([0, -8, Number.NaN, Number.POSITIVE_INFINITY])('should refuse memoryGiB %s', (memoryGiB) => {
      expect(problems({ accelerator: 'apple-m1', memoryGiB })[0]?.pointer).toBe(`${at}/memoryGiB`);
    });

    it('should report every bad field of an entry at once', () => {
      const found = problems({ accelerator: 'apple-m1-max', count: 3, memoryGiB: 48 });

      expect(found.map((p) => p.pointer)).toEqual([`${at}/count`, `${at}/memoryGiB`]);
    });

    it('should accept a cloud accelerator someone owns, with its spec memory', () => {
      expect(device({ accelerator: 'h100', count: 8 }).memoryPerDeviceGiB).toBe(79.6);
    });
  });
});
