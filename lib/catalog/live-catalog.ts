import { findAccelerator, findCpuGeneration } from '../hardware/index.js';
import { embeddedRegion, findInstanceSpec } from './embedded.js';
import { excludedFamilies, familyOf, findFamily, isMetalSize } from './families.js';
import type { PriceListOffer } from './price-list-item.js';
import { cpuGenerationOfProcessor } from './processors.js';
import type { InstanceSpec, PricedInstance } from './types.js';

/**
 * The spec of a type the embedded catalog does not list, from Price List attributes: a new size of a
 * known family takes the family's CPU and accelerator; a type of an unknown family is taken only when
 * it has no GPU (the Price List does not name the GPU model) and a CPU generation we model.
 */
export function specFromOffer(offer: PriceListOffer): InstanceSpec | undefined {
  const family = familyOf(offer.instanceType);
  if (family in excludedFamilies || isMetalSize(offer.instanceType)) return undefined;
  if (offer.vcpus === undefined || offer.memoryGiB === undefined) return undefined;
  const familyRow = findFamily(family);
  const cpu = familyRow?.cpu ?? cpuGenerationOfProcessor(offer.physicalProcessor ?? '');
  const cpuSpec = cpu ? findCpuGeneration(cpu) : undefined;
  if (!cpu || !cpuSpec) return undefined;
  const accelerator = familyRow?.accelerator ? findAccelerator(familyRow.accelerator) : undefined;
  // Without a device count (Neuron devices are not in the `gpu` attribute) or a known device model,
  // an accelerated type cannot be sized: skip it.
  if (Boolean(accelerator) !== offer.gpuCount > 0) return undefined;
  return {
    instanceType: offer.instanceType,
    family,
    vcpus: offer.vcpus,
    memoryGiB: offer.memoryGiB,
    architecture: cpuSpec.architecture,
    cpu,
    acceleratorKind: accelerator?.kind ?? 'cpu',
    ...(accelerator && { accelerator: accelerator.id, acceleratorMemoryGB: accelerator.nominalMemoryGB }),
    acceleratorCount: offer.gpuCount,
    networkGbps: offer.networkGbps ?? 0,
  };
}

/** The prices a live offer gives: on demand and, where the item has them, its Reserved terms. */
function livePrices(
  offer: PriceListOffer,
): Pick<PricedInstance, 'onDemandHourlyUsd' | 'onDemandDerived' | 'commitments'> {
  return {
    onDemandHourlyUsd: offer.onDemandHourlyUsd,
    onDemandDerived: false,
    ...(offer.commitments?.length && { commitments: offer.commitments }),
  };
}

/**
 * Joins live on-demand offers for `region` with the embedded specs (embedded specs win where known).
 * Embedded types without a live offer stay listed, unpriced, with the reason; spot prices are carried
 * from the embedded catalog (indicative, as there). Commitment prices are the items' own `Reserved`
 * terms: a type whose item has none has no commitment price (the embedded derived ones are not mixed
 * in). Duplicate offers for a type keep the lowest price.
 */
export function buildLiveInstances(region: string, offers: readonly PriceListOffer[]): PricedInstance[] {
  const cheapest = new Map<string, PriceListOffer>();
  for (const offer of offers) {
    const seen = cheapest.get(offer.instanceType);
    if (!seen || offer.onDemandHourlyUsd < seen.onDemandHourlyUsd) cheapest.set(offer.instanceType, offer);
  }
  const embedded = embeddedRegion(region).instances;
  const known = embedded.map((instance): PricedInstance => {
    const { onDemandHourlyUsd, onDemandDerived, unavailableReason, commitments, ...rest } = instance;
    const offer = cheapest.get(instance.instanceType);
    if (offer) return { ...rest, ...livePrices(offer) };
    return {
      ...rest,
      unavailableReason:
        unavailableReason ??
        `No on-demand Linux price for ${region} in the AWS Price List: not offered there.`,
    };
  });
  const unknown = [...cheapest.values()]
    .filter((offer) => !findInstanceSpec(offer.instanceType))
    .sort((a, b) => a.instanceType.localeCompare(b.instanceType))
    .flatMap((offer): PricedInstance[] => {
      const spec = specFromOffer(offer);
      return spec ? [{ ...spec, region, ...livePrices(offer) }] : [];
    });
  return [...known, ...unknown];
}
