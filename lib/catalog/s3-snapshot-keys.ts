/** Where snapshots live in the bucket; the API's read grant and the refresh's write grant use it too. */
export const snapshotKeyPrefix = 'snapshots/';

/** The object key of a region's snapshot: `snapshots/us-east-1.json`. */
export function snapshotKey(region: string, prefix = snapshotKeyPrefix): string {
  return `${prefix}${region}.json`;
}
