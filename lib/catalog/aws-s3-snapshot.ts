/**
 * Catalog snapshots in S3 through the AWS SDK: the scheduled refresh writes
 * `s3://<bucket>/snapshots/<region>.json` (the API reads it through s3-snapshot-source.ts).
 * Like the other `lib/catalog/aws*` files this one may import the AWS SDK; configuration is standard
 * (credential chain, `AWS_REGION`, `AWS_ENDPOINT_URL_S3`).
 */
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { snapshotKey, snapshotKeyPrefix } from './s3-snapshot-keys.js';
import { type CatalogSnapshot, parseSnapshot } from './snapshot.js';

export { snapshotKey, snapshotKeyPrefix } from './s3-snapshot-keys.js';
export { S3Client };

export interface S3SnapshotLocation {
  bucket: string;
  /** Key prefix; default `snapshots/`. */
  prefix?: string;
  /** Default: a standard client (region from the environment). Tests pass one with an endpoint. */
  client?: S3Client;
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
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
