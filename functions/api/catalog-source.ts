/**
 * The API function's catalog: the S3 snapshot the scheduled refresh writes (`PRICING_SOURCE=s3-snapshot`)
 * or the embedded one. Deliberately not `createCatalogSource`: that one can reach the live Price List
 * API, which the API function is not allowed to call, and importing it would ship (and load at cold
 * start) the Pricing client for nothing.
 */

import { embeddedCatalog } from '../../lib/catalog/embedded.js';
import { createS3SnapshotSource } from '../../lib/catalog/s3-snapshot-source.js';
import type { CatalogSource } from '../../lib/catalog/types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** @throws Error for a configuration mistake, so it surfaces at cold start rather than as wrong prices. */
export function catalogSourceFromEnv(env: Env): CatalogSource {
  const source = (env.PRICING_SOURCE ?? '').trim().toLowerCase() || 'embedded';
  if (source === 'embedded') return embeddedCatalog;
  if (source !== 's3-snapshot')
    throw new Error(`PRICING_SOURCE must be embedded or s3-snapshot, got "${source}"`);
  const bucket = env.SNAPSHOT_BUCKET;
  if (!bucket) throw new Error('PRICING_SOURCE=s3-snapshot needs SNAPSHOT_BUCKET');
  const regions = env.SNAPSHOT_REGIONS?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const ttlSeconds = Number(env.SNAPSHOT_TTL_SECONDS ?? 300);
  return createS3SnapshotSource({
    bucket,
    ...(regions?.length && { regions }),
    ...(Number.isFinite(ttlSeconds) && ttlSeconds >= 0 && { ttlMs: ttlSeconds * 1000 }),
  });
}
