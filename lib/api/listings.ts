/**
 * The catalog listings (GET /v1/models, /v1/accelerators, /v1/instances) as contract items, from the
 * domain tables. Pure: the catalog source does the I/O.
 */
import type { z } from 'zod';
import type { PricedInstance } from '../catalog/types.js';
import type {
  AcceleratorKindName,
  AcceleratorListItemSchema,
  InstanceListItemSchema,
  ModelListItemSchema,
} from '../contract/plan.js';
import { accelerators } from '../hardware/index.js';
import { kvCacheBytesPerToken, modelPresets, resolveModel } from '../model/index.js';

type ModelListItem = z.infer<typeof ModelListItemSchema>;
type AcceleratorListItem = z.infer<typeof AcceleratorListItemSchema>;
type InstanceListItem = z.infer<typeof InstanceListItemSchema>;

/** 16-bit KV cache: the figure people compare models by. */
const KV_BYTES_PER_ELEMENT = 2;

export function modelList(): ModelListItem[] {
  return modelPresets.map((preset) => {
    const resolved = resolveModel(preset.architecture, preset.id);
    return {
      id: preset.id,
      name: preset.architecture.name,
      architecture: preset.architecture,
      activeParameters: resolved.activeParameters,
      kvCacheBytesPerToken: kvCacheBytesPerToken(resolved, KV_BYTES_PER_ELEMENT),
      source: preset.source,
    };
  });
}

export function acceleratorList(): AcceleratorListItem[] {
  return accelerators.map(({ id, name, kind, memoryGiB, memoryBandwidthGBps, peakTflops, interconnect }) => ({
    id,
    name,
    kind,
    memoryGiB,
    memoryBandwidthGBps,
    // Dense figures only, and only the precisions the contract lists (int4 is an engine detail).
    peakTflops: {
      fp32: peakTflops.fp32,
      fp16: peakTflops.fp16,
      ...(peakTflops.bf16 !== undefined && { bf16: peakTflops.bf16 }),
      ...(peakTflops.fp8 !== undefined && { fp8: peakTflops.fp8 }),
      ...(peakTflops.int8 !== undefined && { int8: peakTflops.int8 }),
    },
    interconnect: { kind: interconnect.kind, bandwidthGBps: interconnect.bandwidthGBps },
  }));
}

export function instanceList(
  instances: readonly PricedInstance[],
  acceleratorKind?: AcceleratorKindName,
): InstanceListItem[] {
  return instances
    .filter((i) => acceleratorKind === undefined || i.acceleratorKind === acceleratorKind)
    .map((i) => ({
      instanceType: i.instanceType,
      vcpus: i.vcpus,
      memoryGiB: i.memoryGiB,
      acceleratorKind: i.acceleratorKind,
      ...(i.accelerator !== undefined && { accelerator: i.accelerator }),
      acceleratorCount: i.acceleratorCount,
      ...(i.onDemandHourlyUsd !== undefined && { onDemandHourlyUsd: i.onDemandHourlyUsd }),
      ...(i.onDemandDerived && { onDemandDerived: true }),
      ...(i.spotHourlyUsd !== undefined && { spotHourlyUsd: i.spotHourlyUsd }),
      ...(i.unavailableReason !== undefined && { unavailableReason: i.unavailableReason }),
      region: i.region,
    }));
}
