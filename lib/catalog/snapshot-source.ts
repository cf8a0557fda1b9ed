import { embeddedPricing, embeddedRegion, findInstanceSpec } from './embedded.js';
import { UnknownRegionError } from './errors.js';
import { embeddedManagedCatalog } from './managed.js';
import { catalogRegions, isCatalogRegion } from './regions.js';
import { type CatalogSnapshot, parseSnapshot, readSnapshotText } from './snapshot.js';
import type { CatalogSource, ManagedCatalog, PricingProvenance, RegionalCatalog } from './types.js';

export interface SnapshotSourceOptions {
  /**
   * Loads the snapshot for a region: its JSON text or parsed document, or undefined when there is
   * none (the embedded catalog answers then). A file, an S3 object, anything.
   */
  load: (region: string) => Promise<unknown>;
  /** How long a loaded snapshot is reused, ms. Default 5 minutes. */
  ttlMs?: number;
  /** A snapshot older than this is served but marked stale. Default 35 days. */
  maxAgeDays?: number;
  /** A load that takes longer is abandoned: the embedded catalog answers, stale. Default 3 s. */
  loadTimeoutMs?: number;
  now?: () => number;
}

/** After a failed load, try again this soon rather than after the full TTL. */
const FAILURE_TTL_MS = 60_000;

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not load within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const dayMs = 86_400_000;

/** What one region's snapshot (or its fallback) answers. */
interface RegionAnswer {
  catalog: RegionalCatalog;
  managed: ManagedCatalog;
  /** True when served from a snapshot (cached for the full TTL), false for a fallback. */
  fromSnapshot: boolean;
}

/**
 * A catalog from snapshots written by `refreshSnapshot` (`pricing.source: 'snapshot'`): priced
 * instances and managed per-token prices. A snapshot that cannot be loaded or fails validation is
 * never served: the embedded catalog (and embedded Bedrock table) answers with `stale: true` and the
 * reason. Regions without a snapshot get the embedded catalog; a snapshot written before managed
 * prices were added gets the embedded Bedrock table, marked stale.
 *
 * @example
 * const source = createSnapshotSource({ load: () => readFile('catalog.json', 'utf8') });
 */
export function createSnapshotSource({
  load,
  ttlMs = 5 * 60_000,
  maxAgeDays = 35,
  loadTimeoutMs = 3_000,
  now = Date.now,
}: SnapshotSourceOptions): CatalogSource {
  // One entry per region, shared by getRegion and getManagedPrices; concurrent requests share a load.
  const cache = new Map<string, { answer: Promise<RegionAnswer>; expiresAt: number }>();

  const embedded = (region: string, staleReason?: string): RegionAnswer => ({
    catalog: staleReason
      ? { instances: embeddedRegion(region).instances, pricing: embeddedPricing(region, staleReason) }
      : embeddedRegion(region),
    managed: embeddedManagedCatalog(region, staleReason),
    fromSnapshot: false,
  });

  const served = (provenance: PricingProvenance, region: string): PricingProvenance => {
    const ageDays = (now() - Date.parse(provenance.asOf)) / dayMs;
    const staleReason =
      provenance.staleReason ??
      (ageDays > maxAgeDays ? `Snapshot prices are ${Math.floor(ageDays)} days old` : undefined);
    return {
      source: 'snapshot',
      asOf: provenance.asOf,
      region,
      currency: 'USD',
      stale: provenance.stale || staleReason !== undefined,
      ...(staleReason !== undefined && { staleReason }),
    };
  };

  function fromDocument(snapshot: CatalogSnapshot, region: string): RegionAnswer {
    return {
      catalog: { instances: snapshot.instances, pricing: served(snapshot.pricing, region) },
      managed: snapshot.managed
        ? { prices: snapshot.managed.prices, pricing: served(snapshot.managed.pricing, region) }
        : embeddedManagedCatalog(
            region,
            'The catalog snapshot has no managed prices (written before they were added); embedded Bedrock prices',
          ),
      fromSnapshot: true,
    };
  }

  async function fromSnapshot(region: string): Promise<RegionAnswer> {
    try {
      const document = await withDeadline(load(region), loadTimeoutMs, `The ${region} catalog snapshot`);
      if (document === undefined) return embedded(region);
      const snapshot = parseSnapshot(document);
      if (snapshot.pricing.region !== region) return embedded(region);
      return fromDocument(snapshot, region);
    } catch (error) {
      return embedded(region, error instanceof Error ? error.message : String(error));
    }
  }

  async function answerFor(region: string): Promise<RegionAnswer> {
    if (!isCatalogRegion(region)) throw new UnknownRegionError(region, catalogRegions);
    const cached = cache.get(region);
    if (cached && cached.expiresAt > now()) return cached.answer;
    const entry = { answer: fromSnapshot(region), expiresAt: Number.POSITIVE_INFINITY };
    cache.set(region, entry);
    const answer = await entry.answer;
    entry.expiresAt = now() + (answer.fromSnapshot ? ttlMs : Math.min(ttlMs, FAILURE_TTL_MS));
    return answer;
  }

  return {
    findInstanceSpec,
    regions: () => catalogRegions,
    getRegion: async (region) => (await answerFor(region)).catalog,
    getManagedPrices: async (region) => (await answerFor(region)).managed,
  };
}

/** A snapshot source reading one snapshot file (it covers the region it was written for). */
export function createSnapshotFileSource(
  file: string,
  options: Omit<SnapshotSourceOptions, 'load'> = {},
): CatalogSource {
  return createSnapshotSource({ ...options, load: () => readSnapshotText(file) });
}
