/**
 * Writes a catalog snapshot for one region from the live AWS Price List API.
 *
 *   npm run catalog:refresh -- --region us-east-1 --out catalog-us-east-1.json
 *
 * Standard AWS configuration: the default credential chain (needs pricing:GetProducts and, for spot
 * prices, ec2:DescribeSpotPriceHistory), AWS_ENDPOINT_URL_PRICING / AWS_ENDPOINT_URL_EC2 to call
 * other endpoints. `--spot embedded` skips the EC2 call. Exits non-zero, writing nothing, when the
 * Price List fails; a failed spot read keeps the embedded indicative spot prices and says so.
 */
import { parseArgs } from 'node:util';
import { catalogRegions, isCatalogRegion, refreshSnapshot, writeSnapshot } from '../lib/catalog/index.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      region: { type: 'string', default: 'us-east-1' },
      out: { type: 'string' },
      spot: { type: 'string', default: 'live' },
      help: { type: 'boolean', default: false },
    },
  });
  const usage =
    'usage: npm run catalog:refresh -- --region <region> --out <file.json> [--spot live|embedded]';
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
  if (values.spot !== 'live' && values.spot !== 'embedded') {
    console.error(`--spot must be live or embedded, got ${values.spot}`);
    return 2;
  }
  const snapshot = await refreshSnapshot({ region: values.region, spot: values.spot });
  await writeSnapshot(values.out, snapshot);
  const priced = snapshot.instances.filter((i) => i.onDemandHourlyUsd !== undefined).length;
  const committed = snapshot.instances.filter((i) => i.commitments?.length).length;
  const liveSpot = snapshot.instances.filter((i) => i.spotIndicative === false).length;
  console.log(
    `wrote ${values.out}: ${snapshot.instances.length} instance types (${priced} priced on demand, ` +
      `${committed} with Reserved prices, ${liveSpot} with live spot prices), ` +
      `${snapshot.managed?.prices.length ?? 0} Bedrock prices for ${snapshot.pricing.region} as of ${snapshot.pricing.asOf}`,
  );
  if (snapshot.spotPricing?.staleReason) console.warn(snapshot.spotPricing.staleReason);
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
