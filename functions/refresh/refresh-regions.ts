import { S3Client, s3SnapshotLastModified, writeS3Snapshot } from '../../lib/catalog/aws-s3-snapshot.js';
import { refreshSnapshot } from '../../lib/catalog/refresh.js';
import { catalogRegions, isCatalogRegion } from '../../lib/catalog/regions.js';
import { MetricUnit, type Observability } from '../../lib/observability/index.js';
import { metricNames } from '../../lib/observability/names.js';

export interface RefreshResult {
  written: {
    region: string;
    key: string;
    instances: number;
    managedPrices: number;
    spot: 'ec2-spot-price-history' | 'embedded';
  }[];
}

/** One or more regions could not be refreshed; their previous snapshots (if any) stay in place. */
export class SnapshotRefreshError extends Error {
  override readonly name = 'SnapshotRefreshError';
  constructor(readonly failures: { region: string; reason: string }[]) {
    super(`Catalog refresh failed for ${failures.map((f) => `${f.region} (${f.reason})`).join('; ')}`);
  }
}

const hourMs = 3_600_000;

function regionsFrom(value: string | undefined): string[] {
  const regions = (value ?? 'us-east-1')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = regions.filter((r) => !isCatalogRegion(r));
  if (unknown.length)
    throw new Error(
      `REFRESH_REGIONS has regions the catalog does not price: ${unknown.join(', ')} (known: ${catalogRegions.join(', ')})`,
    );
  return regions;
}

/**
 * Refreshes every configured region (in parallel: the SDK backs off when the Price List throttles),
 * then reports how old the oldest snapshot is, so a refresh that keeps failing raises an alarm even
 * while older snapshots are still being served.
 *
 * @throws SnapshotRefreshError when any region failed, after writing the others.
 */
export async function refreshRegions({
  env,
  observability: { logger, metrics },
  now = Date.now,
}: {
  env: Readonly<Record<string, string | undefined>>;
  observability: Observability;
  now?: () => number;
}): Promise<RefreshResult> {
  const bucket = env.SNAPSHOT_BUCKET;
  if (!bucket) throw new Error('SNAPSHOT_BUCKET is not set');
  const regions = regionsFrom(env.REFRESH_REGIONS);
  const deadlineMs = Number(env.REFRESH_DEADLINE_SECONDS ?? 600) * 1000;
  // Spot prices from DescribeSpotPriceHistory unless REFRESH_SPOT=embedded; minimum over this window.
  const spot = env.REFRESH_SPOT?.trim().toLowerCase() === 'embedded' ? 'embedded' : 'live';
  const spotWindowHours = Number(env.SPOT_WINDOW_HOURS ?? 24);
  if (!(spotWindowHours > 0 && spotWindowHours <= 24 * 90))
    throw new Error(
      `SPOT_WINDOW_HOURS must be a number of hours in (0, 2160], got "${env.SPOT_WINDOW_HOURS}"`,
    );
  const client = new S3Client({});
  try {
    const outcomes = await Promise.allSettled(
      regions.map(async (region) => {
        const snapshot = await refreshSnapshot({ region, deadlineMs, now, spot, spotWindowHours });
        const { key } = await writeS3Snapshot(snapshot, { bucket, client });
        const written = {
          region,
          key,
          instances: snapshot.instances.length,
          managedPrices: snapshot.managed?.prices.length ?? 0,
          spot: snapshot.spotPricing?.source ?? 'embedded',
        };
        if (snapshot.spotPricing?.staleReason)
          logger.warn('Spot prices are the embedded indicative ones', {
            region,
            reason: snapshot.spotPricing.staleReason,
          });
        logger.info('Wrote catalog snapshot', written);
        return written;
      }),
    );
    const written = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const failures = outcomes.flatMap((o, i) =>
      o.status === 'rejected'
        ? [
            {
              region: regions[i] as string,
              reason: o.reason instanceof Error ? o.reason.message : String(o.reason),
            },
          ]
        : [],
    );

    // Written regions are fresh; a failed region is as old as its last good snapshot. A region that
    // never had one adds no data point: the failure metric and the error alarm cover it.
    const ages = await Promise.all(
      failures.map(async ({ region }) => {
        const lastModified = await s3SnapshotLastModified(region, { bucket, client }).catch(() => undefined);
        return lastModified && (now() - lastModified.getTime()) / hourMs;
      }),
    );
    const knownAges = [...written.map(() => 0), ...ages.filter((a): a is number => a !== undefined)];
    if (knownAges.length)
      metrics.addMetric(metricNames.snapshotAgeHours, MetricUnit.NoUnit, Math.max(...knownAges));
    metrics.addMetric(metricNames.snapshotsWritten, MetricUnit.Count, written.length);
    metrics.addMetric(metricNames.snapshotRefreshFailures, MetricUnit.Count, failures.length);

    if (failures.length) {
      logger.error('Catalog refresh failed', { failures });
      throw new SnapshotRefreshError(failures);
    }
    return { written };
  } finally {
    client.destroy();
  }
}
