/**
 * Catalog refresh Lambda, run by an EventBridge Scheduler schedule: for each configured region
 * (`REFRESH_REGIONS`, comma separated) it reads the Price List API and writes the catalog snapshot to
 * `s3://$SNAPSHOT_BUCKET/snapshots/<region>.json`. Any failed region fails the invocation (so Lambda
 * retries and then dead-letters it) after the other regions have been written.
 */
import type { Context } from 'aws-lambda';
import { createObservability, instrumented, loadTracing } from '../../lib/observability/index.js';
import { serviceNames } from '../../lib/observability/names.js';
import { refreshRegions } from './refresh-regions.js';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? serviceNames.refresh;
const observability = { ...createObservability({ serviceName }), trace: await loadTracing(serviceName) };

export const handler = instrumented(observability, async (_event: unknown, _context: Context) =>
  refreshRegions({ env: process.env, observability }),
);
