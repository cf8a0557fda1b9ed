/**
 * Catalog snapshots in S3: the scheduled refresh writes `s3://<bucket>/snapshots/<region>.json` and
 * the deployed API reads it through the snapshot source (cached, validated, embedded fallback).
 * Like the other `lib/catalog/aws*` files this one may import the AWS SDK; configuration is standard
 * (credential chain, `AWS_REGION`, `AWS_ENDPOINT_URL_S3`).
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SnapshotError } from './errors.js';
import { type CatalogSnapshot, parseSnapshot } from './snapshot.js';
import { createSnapshotSource, type SnapshotSourceOptions } from './snapshot-source.js';
import type { CatalogSource } from './types.js';

export { S3Client };

/** Where snapshots live in the bucket; the API's read grant and the refresh's write grant use it too. */
export const snapshotKeyPrefix = 'snapshots/';

/** The object key of a region's snapshot: `snapshots/us-east-1.json`. */
export function snapshotKey(region: string, prefix = snapshotKeyPrefix): string {
  return `${prefix}${region}.json`;
}

export interface S3SnapshotLocation {
  bucket: string;
  /** Key prefix; default `snapshots/`. */
  prefix?: string;
  /** Default: a standard client (region from the environment). Tests pass one with an endpoint. */
  client?: S3Client;
}

export interface S3SnapshotSourceOptions extends S3SnapshotLocation, Omit<SnapshotSourceOptions, 'load'> {
  /**
   * The regions the refresh writes. A missing object for one of them is a failure (stale embedded
   * prices, with the reason); other regions are answered from the embedded catalog without a read.
   * Default: every region is expected to have a snapshot.
   */
  regions?: readonly string[];
}

/**
 * An S3 client that gives up quickly: the API answers from the embedded catalog rather than wait on
 * a slow bucket (the SDK's default request timeout is none at all).
 */
export function createSnapshotS3Client(): S3Client {
  return new S3Client({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
  });
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
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
  client = createSnapshotS3Client(),
  regions,
  ...options
}: S3SnapshotSourceOptions): CatalogSource {
  const expected = regions && new Set(regions);
  return createSnapshotSource({
    ...options,
    async load(region) {
      if (expected && !expected.has(region)) return undefined;
      const key = snapshotKey(region, prefix);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!object.Body) throw new SnapshotError(`Catalog snapshot s3://${bucket}/${key} is empty`);
        return await object.Body.transformToString('utf8');
      } catch (error) {
        if (error instanceof SnapshotError) throw error;
        const why = isMissing(error) ? 'does not exist' : `cannot be read (${(error as Error).name})`;
        throw new SnapshotError(`Catalog snapshot s3://${bucket}/${key} ${why}`, { cause: error });
      }
    },
  });
}

/** Writes a region's snapshot (validated first, so a bad snapshot never replaces a good one). */
export async function writeS3Snapshot(
  snapshot: CatalogSnapshot,
  { bucket, prefix = snapshotKeyPrefix, client = new S3Client({}) }: S3SnapshotLocation,
): Promise<{ key: string }> {
  const key = snapshotKey(snapshot.pricing.region, prefix);
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(parseSnapshot(snapshot)),
      ContentType: 'application/json',
    }),
  );
  return { key };
}

/** When a region's snapshot was last written, or undefined when there is none. */
export async function s3SnapshotLastModified(
  region: string,
  { bucket, prefix = snapshotKeyPrefix, client = new S3Client({}) }: S3SnapshotLocation,
): Promise<Date | undefined> {
  try {
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: snapshotKey(region, prefix) }),
    );
    return head.LastModified;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
