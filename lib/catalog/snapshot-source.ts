import { embeddedPricing, embeddedRegion, findInstanceSpec } from './embedded.js';
import { UnknownRegionError } from './errors.js';
import { catalogRegions, isCatalogRegion } from './regions.js';
import { parseSnapshot, readSnapshotText } from './snapshot.js';
import type { CatalogSource, RegionalCatalog } from './types.js';

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

/**
 * A catalog from snapshots written by `refreshSnapshot` (`pricing.source: 'snapshot'`). A snapshot
 * that cannot be loaded or fails validation is never served: the embedded catalog answers with
 * `stale: true` and the reason. Regions without a snapshot get the embedded catalog.
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
  // One entry per region; concurrent requests share a load in flight.
  const cache = new Map<string, { catalog: Promise<RegionalCatalog>; expiresAt: number }>();

  async function fromSnapshot(region: string): Promise<RegionalCatalog> {
    let document: unknown;
    try {
      document = await withDeadline(load(region), loadTimeoutMs, `The ${region} catalog snapshot`);
      if (document === undefined) return embeddedRegion(region);
      const snapshot = parseSnapshot(document);
      if (snapshot.pricing.region !== region) return embeddedRegion(region);
      const ageDays = (now() - Date.parse(snapshot.pricing.asOf)) / dayMs;
      const staleReason =
        snapshot.pricing.staleReason ??
        (ageDays > maxAgeDays ? `Snapshot prices are ${Math.floor(ageDays)} days old` : undefined);
      return {
        instances: snapshot.instances,
        pricing: {
          source: 'snapshot',
          asOf: snapshot.pricing.asOf,
          region,
          currency: 'USD',
          stale: snapshot.pricing.stale || staleReason !== undefined,
          ...(staleReason !== undefined && { staleReason }),
        },
      };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { instances: embeddedRegion(region).instances, pricing: embeddedPricing(region, detail) };
    }
  }

  return {
    findInstanceSpec,
    regions: () => catalogRegions,
    async getRegion(region) {
      if (!isCatalogRegion(region)) throw new UnknownRegionError(region, catalogRegions);
      const cached = cache.get(region);
      if (cached && cached.expiresAt > now()) return cached.catalog;
      const entry = { catalog: fromSnapshot(region), expiresAt: Number.POSITIVE_INFINITY };
      cache.set(region, entry);
      const catalog = await entry.catalog;
      entry.expiresAt =
        now() + (catalog.pricing.source === 'snapshot' ? ttlMs : Math.min(ttlMs, FAILURE_TTL_MS));
      return catalog;
    },
  };
}

/** A snapshot source reading one snapshot file (it covers the region it was written for). */
export function createSnapshotFileSource(
  file: string,
  options: Omit<SnapshotSourceOptions, 'load'> = {},
): CatalogSource {
  return createSnapshotSource({ ...options, load: () => readSnapshotText(file) });
}
