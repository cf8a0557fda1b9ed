/**
 * Hardware the caller owns (`owned: [{ accelerator, count?, memoryGiB?, label? }]`, DESIGN §8),
 * resolved to per-device figures, or to problems that point at the entry's fields. Pure.
 *
 * - GeForce cards: `memoryGiB`, when given, must be the card's (nominal GB or what nvidia-smi shows);
 *   a different size is a different card.
 * - Apple silicon: `memoryGiB` is the installed unified memory; it must be a size the chip ships
 *   with, and the GPU may use the macOS working-set share of it. A 36 GB "M3 Max" is the 30-core,
 *   300 GB/s chip: the memory size picks the bin. One Mac is one device; two Macs do not pool.
 * - Cloud accelerators (an H100 in your rack) are accepted with their spec memory.
 */
import { type AcceleratorSpec, findAccelerator } from './accelerators.js';
import { appleGpuMemoryGiB } from './apple.js';

export interface OwnedEntry {
  accelerator: string;
  count?: number;
  /** Unified-memory machines: the installed RAM, GB. Discrete GPUs: the card's memory (checked). */
  memoryGiB?: number;
  label?: string;
}

/** One problem with an entry, RFC 9457 style: a JSON Pointer under the entry's own pointer. */
export interface OwnedProblem {
  pointer: string;
  message: string;
}

export interface OwnedDevice {
  /** The spec to estimate with: the row, with `memoryGiB` the usable memory of this machine. */
  spec: AcceleratorSpec;
  /** The row's id as listed (for Apple bins, the bin the memory size picked). */
  accelerator: AcceleratorSpec['id'];
  count: number;
  /** Memory the accelerator may use, GiB per device (Apple: the GPU share of the installed RAM). */
  memoryPerDeviceGiB: number;
  /** Unified-memory machines: installed RAM, GB. */
  installedMemoryGB?: number;
  /** "your RTX 4090 (24 GB)", "your 2x RTX 3090 (24 GB each)", "your Apple M3 Max (64 GB)". */
  label: string;
  /** Assumptions the resolver made, as sentences. */
  notes: string[];
}

export type OwnedResolution = { ok: true; device: OwnedDevice } | { ok: false; problems: OwnedProblem[] };

/** A discrete card's stated memory may be its nominal GB or what the driver shows (GiB), within this. */
const CARD_MEMORY_TOLERANCE_GB = 0.5;
/** A stated unified-memory size matches an option within this (people write 36, 36.0, 35.9). */
const UNIFIED_MEMORY_TOLERANCE_GB = 0.5;

const formatGB = (gb: number) => `${Number.isInteger(gb) ? gb : Number(gb.toFixed(2))} GB`;

function listSizes(sizes: readonly number[]): string {
  const shown = sizes.map((s) => String(s));
  if (shown.length <= 1) return `${shown.join('')} GB`;
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]} GB`;
}

/** The short name people use: "RTX 4090", "Apple M3 Max", "H100". */
export function shortName(spec: AcceleratorSpec): string {
  return spec.name
    .replace(/^NVIDIA (GeForce )?/, '')
    .replace(/ \(\d+-core GPU\)$/, '')
    .replace(/ (\d+) GB$/, '');
}

function ownedLabel(spec: AcceleratorSpec, count: number, memoryGB: number): string {
  const each = count > 1 ? ' each' : '';
  const times = count > 1 ? `${count}x ` : '';
  return `your ${times}${shortName(spec)} (${formatGB(memoryGB)}${each})`;
}

function withMemory(spec: AcceleratorSpec, memoryGiB: number, nominalMemoryGB: number): AcceleratorSpec {
  return memoryGiB === spec.memoryGiB && nominalMemoryGB === spec.nominalMemoryGB
    ? spec
    : { ...spec, memoryGiB, nominalMemoryGB };
}

/**
 * Resolve one owned entry. `at` is the entry's JSON Pointer (e.g. "/owned/0"); problems point at
 * its `accelerator`, `count` or `memoryGiB`.
 *
 * @example
 * resolveOwned({ accelerator: 'apple-m3-max', memoryGiB: 64 }, '/owned/0')
 * // { ok: true, device: { memoryPerDeviceGiB: 48, label: 'your Apple M3 Max (64 GB)', ... } }
 */
export function resolveOwned(entry: OwnedEntry, at = ''): OwnedResolution {
  const problems: OwnedProblem[] = [];
  const spec = findAccelerator(entry.accelerator);
  if (!spec) {
    return {
      ok: false,
      problems: [
        {
          pointer: `${at}/accelerator`,
          message: `unknown accelerator "${entry.accelerator}": see GET /v1/accelerators (owned GPUs such as "rtx-4090", Macs such as "apple-m3-max")`,
        },
      ],
    };
  }
  const count = entry.count ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    problems.push({
      pointer: `${at}/count`,
      message: `count must be a whole number of devices, at least 1 (got ${count})`,
    });
  } else if (spec.unifiedMemory && count > 1) {
    problems.push({
      pointer: `${at}/count`,
      message: `${count} Macs cannot pool their memory for one model here (each Mac is one device; clustering over Thunderbolt is not modelled): list each machine as its own entry`,
    });
  } else if (count > spec.devicesPerNode) {
    problems.push({
      pointer: `${at}/count`,
      message: `${count} x ${shortName(spec)} is more than one machine holds (at most ${spec.devicesPerNode}); list each machine as its own entry`,
    });
  }
  const memory = entry.memoryGiB;
  if (memory !== undefined && !(Number.isFinite(memory) && memory > 0)) {
    problems.push({
      pointer: `${at}/memoryGiB`,
      message: `memoryGiB must be a positive number of GB (got ${memory})`,
    });
    return { ok: false, problems };
  }

  if (spec.unifiedMemory) {
    const result = resolveUnified(spec, memory, at);
    if ('problem' in result) problems.push(result.problem);
    if (problems.length > 0) return { ok: false, problems };
    if ('device' in result)
      return { ok: true, device: { ...result.device, count, label: entry.label ?? result.device.label } };
  }

  const notes: string[] = [];
  if (memory !== undefined) {
    const matches =
      Math.abs(memory - spec.nominalMemoryGB) <= CARD_MEMORY_TOLERANCE_GB ||
      Math.abs(memory - spec.memoryGiB) <= CARD_MEMORY_TOLERANCE_GB;
    if (!matches) {
      problems.push({
        pointer: `${at}/memoryGiB`,
        message: `the ${shortName(spec)} has ${formatGB(spec.nominalMemoryGB)} (${spec.memoryGiB} GiB usable), not ${formatGB(memory)}: leave memoryGiB out, or name the card that has ${formatGB(memory)}`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    device: {
      spec,
      accelerator: spec.id,
      count,
      memoryPerDeviceGiB: spec.memoryGiB,
      label: entry.label ?? ownedLabel(spec, count, spec.nominalMemoryGB),
      notes,
    },
  };
}

type UnifiedResult = { device: Omit<OwnedDevice, 'count'> } | { problem: OwnedProblem };

function resolveUnified(spec: AcceleratorSpec, installed: number | undefined, at: string): UnifiedResult {
  const um = spec.unifiedMemory;
  if (!um) throw new Error(`${spec.id} has no unified memory`);
  const notes: string[] = [];
  let row = spec;
  let size: number;
  if (installed === undefined) {
    size = Math.min(...um.optionsGB);
    notes.push(
      `assumed the smallest ${shortName(spec)} (${formatGB(size)}); give memoryGiB (the installed memory) for yours`,
    );
  } else {
    const own = um.optionsGB.find((o) => Math.abs(o - installed) <= UNIFIED_MEMORY_TOLERANCE_GB);
    const other = otherBin(spec);
    const inOther = other?.unifiedMemory?.optionsGB.find(
      (o) => Math.abs(o - installed) <= UNIFIED_MEMORY_TOLERANCE_GB,
    );
    if (own !== undefined) size = own;
    else if (other && inOther !== undefined) {
      row = other;
      size = inOther;
      notes.push(
        `the ${shortName(spec)} with ${formatGB(size)} is the ${other.name.replace(/^.*\((.*)\)$/, '$1')} chip (${other.memoryBandwidthGBps} GB/s): estimated as "${other.id}"`,
      );
    } else {
      const sizes = [...um.optionsGB, ...(other?.unifiedMemory?.optionsGB ?? [])].sort((a, b) => a - b);
      return {
        problem: {
          pointer: `${at}/memoryGiB`,
          // A chip sold in two bins lists both bins' sizes under its short name; a bin, its own.
          message: `${other ? shortName(spec) : spec.name} Macs ship with ${listSizes(sizes)} of unified memory, not ${formatGB(installed)} (memoryGiB is the installed memory)`,
        },
      };
    }
  }
  const usable = appleGpuMemoryGiB(size);
  notes.push(
    `the GPU may use ${usable} GiB of the ${formatGB(size)} (macOS recommendedMaxWorkingSetSize; raise it with sysctl iogpu.wired_limit_mb)`,
  );
  return {
    device: {
      spec: withMemory(row, usable, size),
      accelerator: row.id,
      memoryPerDeviceGiB: usable,
      installedMemoryGB: size,
      label: ownedLabel(row, 1, size),
      notes,
    },
  };
}

/** The other bin of an Apple chip sold under one name (30-core and 40-core M3 Max). */
function otherBin(spec: AcceleratorSpec): AcceleratorSpec | undefined {
  const id = spec.unifiedMemory?.otherBin;
  return id ? findAccelerator(id) : undefined;
}
