/**
 * The deployed API's catalog: snapshots the scheduled refresh writes to S3, read with a signed
 * fetch (no SDK to load at cold start), cached, validated, and replaced by the embedded catalog
 * (marked stale, with the reason) whenever they cannot be used.
 */
import { createS3ObjectReader, type S3ObjectReader, S3ReadError } from './aws-s3-get.js';
import { SnapshotError } from './errors.js';
import { snapshotKey, snapshotKeyPrefix } from './s3-snapshot-keys.js';
import { createSnapshotSource, type SnapshotSourceOptions } from './snapshot-source.js';
import type { CatalogSource } from './types.js';

export interface S3SnapshotSourceOptions extends Omit<SnapshotSourceOptions, 'load'> {
  bucket: string;
  /** Key prefix; default `snapshots/`. */
  prefix?: string;
  /** How objects are read; default a signed fetch with the environment's credentials. */
  read?: S3ObjectReader;
  /**
   * The regions the refresh writes. A missing object for one of them is a failure (stale embedded
   * prices, with the reason); other regions are answered from the embedded catalog without a read.
   * Default: every region is expected to have a snapshot.
   */
  regions?: readonly string[];
}

/**
 * A catalog source reading snapshots from S3 (`pricing.source: 'snapshot'`), cached in memory for
 * `ttlMs`. A missing, unreadable or corrupt object is never an error for the caller: the embedded
 * catalog answers with `stale: true` and the reason.
 *
 * @example
 * const catalog = createS3SnapshotSource({ bucket: process.env.SNAPSHOT_BUCKET, regions: ['us-east-1'] });
 */
export function createS3SnapshotSource({
  bucket,
  prefix = snapshotKeyPrefix,
  read = createS3ObjectReader(),
  regions,
  ...options
}: S3SnapshotSourceOptions): CatalogSource {
  const expected = regions && new Set(regions);
  return createSnapshotSource({
    ...options,
    async load(region) {
      if (expected && !expected.has(region)) return undefined;
      const key = snapshotKey(region, prefix);
      // The reason reaches callers as pricing.staleReason: it names the region, never the bucket or
      // key (those stay in the cause, for the logs).
      const what = `The ${region} catalog snapshot`;
      let text: string | undefined;
      try {
        text = await read(bucket, key);
      } catch (error) {
        const why = error instanceof S3ReadError ? error.code : (error as Error).name;
        throw new SnapshotError(`${what} cannot be read (${why})`, { cause: error });
      }
      if (text === undefined) throw new SnapshotError(`${what} does not exist`);
      if (text === '') throw new SnapshotError(`${what} is empty`);
      return text;
    },
  });
}
