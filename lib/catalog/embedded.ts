import { findAccelerator, findCpuGeneration } from '../hardware/index.js';
import { derivedCommitments } from './commitment-discounts.js';
import { embeddedCatalogData } from './embedded-data.js';
import type { EmbeddedCatalogData, EmbeddedInstanceRow, RegionalFactor } from './embedded-format.js';
import { UnknownRegionError } from './errors.js';
import { familyOf, findFamily, unpricedReasons } from './families.js';
import { embeddedManagedCatalog } from './managed.js';
import { baseRegion, catalogRegions, isCatalogRegion } from './regions.js';
import type {
  CatalogSource,
  InstanceSpec,
  PricedInstance,
  PricingProvenance,
  RegionalCatalog,
} from './types.js';

/** The date of the embedded prices (YYYY-MM-DD). */
export const embeddedPricesAsOf: string = embeddedCatalogData.pricesAsOf;

/** Where each kind of embedded figure comes from (specs, us-east-1 prices, regional rows, spot). */
export const embeddedSources: EmbeddedCatalogData['sources'] = embeddedCatalogData.sources;

function toSpec([
  instanceType,
  vcpus,
  memoryGiB,
  acceleratorCount,
  networkGbps,
]: EmbeddedInstanceRow): InstanceSpec {
  const family = familyOf(instanceType);
  const familyRow = findFamily(family);
  if (!familyRow) throw new Error(`embedded catalog: no family row for ${instanceType}`);
  const accelerator = familyRow.accelerator ? findAccelerator(familyRow.accelerator) : undefined;
  return {
    instanceType,
    family,
    vcpus,
    memoryGiB,
    // The family's host CPU fixes the architecture (checked against the reference when generating).
    architecture: findCpuGeneration(familyRow.cpu)?.architecture ?? 'x86_64',
    cpu: familyRow.cpu,
    acceleratorKind: accelerator?.kind ?? 'cpu',
    ...(accelerator && {
      accelerator: accelerator.id,
      // Nominal per-device memory from lib/hardware: 24 GB for A10G and L4, 48 GB for L40S, where the
      // EC2 API reports 22888 and 45776 MiB.
      acceleratorMemoryGB: accelerator.nominalMemoryGB,
    }),
    acceleratorCount,
    networkGbps,
  };
}

const specs: readonly InstanceSpec[] = embeddedCatalogData.instances.map(toSpec);
const specsByType = new Map(specs.map((s) => [s.instanceType, s]));
const baseRegionPrices = new Map(embeddedCatalogData.instances.map((r) => [r[0], r[5]]));
const regionalRows = new Map(embeddedCatalogData.regionalRows.map((r) => [`${r[0]} ${r[1]}`, r]));

/** Every instance spec in the embedded catalog (region independent). */
export function embeddedInstanceSpecs(): readonly InstanceSpec[] {
  return specs;
}

/**
 * The spec of an instance type from the embedded catalog, or undefined for types it does not list.
 *
 * @example
 * findInstanceSpec('g5.xlarge'); // { vcpus: 4, memoryGiB: 16, accelerator: 'a10g', acceleratorCount: 1, ... }
 */
export function findInstanceSpec(instanceType: string): InstanceSpec | undefined {
  return specsByType.get(instanceType);
}

function factorFor(spec: InstanceSpec, factor: RegionalFactor): number {
  if (spec.acceleratorKind !== 'cpu') return factor.accelerator;
  return spec.architecture === 'arm64' ? factor.arm64Cpu : factor.x86Cpu;
}

const roundUsd = (value: number) => Number(value.toFixed(5));

/** The regional on-demand price and whether it is derived, or undefined when the type is unpriced. */
function onDemandIn(spec: InstanceSpec, region: string): { usd: number; derived: boolean } | undefined {
  const base = baseRegionPrices.get(spec.instanceType) ?? null;
  if (base === null) return undefined;
  if (region === baseRegion) return { usd: base, derived: false };
  const real = regionalRows.get(`${spec.instanceType} ${region}`)?.[2] ?? null;
  if (real !== null) return { usd: real, derived: false };
  const factor = embeddedCatalogData.regionalFactors[region];
  if (!factor) throw new Error(`embedded catalog: no regional factor for ${region}`);
  return { usd: roundUsd(base * factorFor(spec, factor)), derived: true };
}

function priceIn(spec: InstanceSpec, region: string): PricedInstance {
  const spot = regionalRows.get(`${spec.instanceType} ${region}`)?.[3] ?? undefined;
  const priced: PricedInstance = {
    ...spec,
    region,
    ...(spot !== undefined && { spotHourlyUsd: spot, spotIndicative: true }),
  };
  const onDemand = onDemandIn(spec, region);
  if (!onDemand) {
    priced.unavailableReason =
      unpricedReasons[spec.instanceType] ?? 'No on-demand Linux price in the embedded price table.';
    return priced;
  }
  const commitments = derivedCommitments(spec.family, spec.acceleratorKind, onDemand.usd);
  return {
    ...priced,
    onDemandHourlyUsd: onDemand.usd,
    onDemandDerived: onDemand.derived,
    ...(commitments.length && { commitments }),
  };
}

/** The provenance block of embedded answers for `region`. */
export function embeddedPricing(region: string, staleReason?: string): PricingProvenance {
  return {
    source: 'embedded',
    asOf: embeddedPricesAsOf,
    region,
    currency: 'USD',
    stale: staleReason !== undefined,
    ...(staleReason !== undefined && { staleReason }),
  };
}

const regionalCatalogs = new Map<string, readonly PricedInstance[]>();

/**
 * Priced instances of the embedded catalog in one region, synchronously. Real regional rows are used
 * where the reference has them; other prices are us-east-1 times the region's documented factor and
 * carry `onDemandDerived: true`. Commitment prices are derived from the regional on-demand price by
 * the family's documented discount (commitment-discounts.ts); spot prices are the excerpt's
 * indicative ones (`spotIndicative: true`).
 *
 * @throws UnknownRegionError for a region outside `catalogRegions`.
 */
export function embeddedRegion(region: string): RegionalCatalog {
  if (!isCatalogRegion(region)) throw new UnknownRegionError(region, catalogRegions);
  let instances = regionalCatalogs.get(region);
  if (!instances) {
    instances = specs.map((spec) => priceIn(spec, region));
    regionalCatalogs.set(region, instances);
  }
  return { instances, pricing: embeddedPricing(region) };
}

/**
 * The embedded catalog: a dated snapshot committed in the repository (no I/O, no network), with the
 * embedded Bedrock price table for `getManagedPrices`. Both reject with `UnknownRegionError` for
 * regions outside `regions()`.
 *
 * @example
 * const { instances, pricing } = await embeddedCatalog.getRegion('eu-west-1');
 */
export const embeddedCatalog: CatalogSource = {
  findInstanceSpec,
  getRegion: async (region) => embeddedRegion(region),
  getManagedPrices: async (region) => embeddedManagedCatalog(region),
  regions: () => catalogRegions,
};
