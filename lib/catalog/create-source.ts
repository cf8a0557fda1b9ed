import { type AwsPriceListSourceOptions, createAwsPriceListSource } from './aws-price-list-source.js';
import { embeddedCatalog } from './embedded.js';
import { createSnapshotFileSource } from './snapshot-source.js';
import type { CatalogSource } from './types.js';

export interface CreateCatalogSourceOptions {
  /**
   * `PRICING_SOURCE`: `embedded` (default), `aws` (or `aws-price-list`) for the live Price List API,
   * `snapshot` for a snapshot file named by `PRICING_SNAPSHOT_FILE`.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Options for the live source (tests pass a client, small timeouts). */
  aws?: AwsPriceListSourceOptions;
}

/**
 * The catalog source the environment asks for.
 *
 * @throws Error for an unknown `PRICING_SOURCE`, or `snapshot` without `PRICING_SNAPSHOT_FILE`:
 * configuration mistakes surface at start-up, not as silently embedded prices.
 * @example
 * const catalog = createCatalogSource({ env: process.env });
 */
export function createCatalogSource({
  env = process.env,
  aws,
}: CreateCatalogSourceOptions = {}): CatalogSource {
  const source = (env.PRICING_SOURCE ?? '').trim().toLowerCase() || 'embedded';
  switch (source) {
    case 'embedded':
      return embeddedCatalog;
    case 'aws':
    case 'aws-price-list':
      return createAwsPriceListSource(aws);
    case 'snapshot': {
      const file = env.PRICING_SNAPSHOT_FILE;
      if (!file)
        throw new Error('PRICING_SOURCE=snapshot needs PRICING_SNAPSHOT_FILE (path of a catalog snapshot)');
      return createSnapshotFileSource(file);
    }
    default:
      throw new Error(`Unknown PRICING_SOURCE "${source}": use embedded, aws or snapshot`);
  }
}
