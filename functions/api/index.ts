/**
 * API Lambda: API Gateway HTTP API (payload v2) events into the Hono app. The app and its catalog
 * source are created once per cold start and reused across invocations.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../../lib/api/index.js';
import { createObservability, instrumented, loadTracing } from '../../lib/observability/index.js';
import { catalogSourceFromEnv } from './catalog-source.js';
import { observedCatalog } from './observed-catalog.js';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'planner-api';
const observability = { ...createObservability({ serviceName }), trace: await loadTracing(serviceName) };
const { logger, metrics } = observability;

const app = createApp({
  catalog: observedCatalog(catalogSourceFromEnv(process.env), {
    logger,
    metrics,
    context: { bucket: process.env.SNAPSHOT_BUCKET },
  }),
  logError: (error, request) => logger.error('Unhandled error', { ...request, error: error as Error }),
  // The stage's publicUrl (a custom domain), else the relative `/`: never the Host header.
  ...(process.env.PUBLIC_URL && { openApi: { servers: [{ url: process.env.PUBLIC_URL }] } }),
});

const handleEvent = handle(app) as unknown as (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

// Hono's own event types and @types/aws-lambda's disagree in detail under strict TS; cast once above.
export const handler = instrumented(observability, (event: APIGatewayProxyEventV2, context: Context) => {
  logger.appendKeys({ apiRequestId: event.requestContext?.requestId });
  return handleEvent(event, context);
});
