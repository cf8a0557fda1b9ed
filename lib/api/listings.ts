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
import { accelerators, capabilitiesOf } from '../hardware/index.js';
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
  return accelerators.map((a) => {
    const caps = capabilitiesOf(a.id);
    return {
      id: a.id,
      name: a.name,
      kind: a.kind,
      memoryGiB: a.memoryGiB,
      memoryBandwidthGBps: a.memoryBandwidthGBps,
      // Dense figures only, and only the precisions the contract lists (int4 is an engine detail).
      peakTflops: {
        fp32: a.peakTflops.fp32,
        fp16: a.peakTflops.fp16,
        ...(a.peakTflops.bf16 !== undefined && { bf16: a.peakTflops.bf16 }),
        ...(a.peakTflops.fp8 !== undefined && { fp8: a.peakTflops.fp8 }),
        ...(a.peakTflops.int8 !== undefined && { int8: a.peakTflops.int8 }),
      },
      interconnect: { kind: a.interconnect.kind, bandwidthGBps: a.interconnect.bandwidthGBps },
      vendor: a.vendor,
      hardwareClass: a.hardwareClass,
      ...(a.ownedOnly && { ownedOnly: true }),
      ...(a.unifiedMemory && { memoryOptionsGB: [...a.unifiedMemory.optionsGB] }),
      ...(caps && {
        capabilities: {
          nativePrecisions: [...caps.nativePrecisions],
          shardingUnit: { kind: caps.shardingUnit.kind, perDevice: caps.shardingUnit.perDevice },
          padsAttentionHeads: caps.padsAttentionHeads,
          maxTensorDevices: caps.maxTensorDevices,
          poolable: caps.poolable,
        },
      }),
      source: a.source,
    };
  });
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
