/**
 * Writes a catalog snapshot for one region from the live AWS Price List API.
 *
 *   npm run catalog:refresh -- --region us-east-1 --out catalog-us-east-1.json
 *
 * Standard AWS configuration: the default credential chain (needs pricing:GetProducts), and
 * AWS_ENDPOINT_URL_PRICING to call another endpoint. Exits non-zero, writing nothing, on failure.
 */
import { parseArgs } from 'node:util';
import { catalogRegions, isCatalogRegion, refreshSnapshot, writeSnapshot } from '../lib/catalog/index.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      region: { type: 'string', default: 'us-east-1' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const usage = 'usage: npm run catalog:refresh -- --region <region> --out <file.json>';
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.out) {
    console.error(usage);
    return 2;
  }
  if (!isCatalogRegion(values.region)) {
    console.error(`${values.region} is not a catalog region: ${catalogRegions.join(', ')}`);
    return 2;
  }
  const snapshot = await refreshSnapshot({ region: values.region });
  await writeSnapshot(values.out, snapshot);
  const priced = snapshot.instances.filter((i) => i.onDemandHourlyUsd !== undefined).length;
  console.log(
    `wrote ${values.out}: ${snapshot.instances.length} instance types (${priced} priced on demand) ` +
      `for ${snapshot.pricing.region} as of ${snapshot.pricing.asOf}`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
