/**
 * API Lambda: API Gateway HTTP API (payload v2) events into the Hono app. The app and its catalog
 * source are created once per cold start and reused across invocations.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../../lib/api/index.js';
import type { CatalogSource } from '../../lib/catalog/types.js';
import { createObservability, instrumented, MetricUnit } from '../../lib/observability/index.js';
import { catalogSourceFromEnv } from './catalog-source.js';

const observability = createObservability({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'planner-api',
});
const { logger, metrics } = observability;

/** Counts answers priced from a fallback, so an alarm or a dashboard can see a broken snapshot. */
function measured(source: CatalogSource): CatalogSource {
  const count = <T extends { pricing: { stale: boolean } }>(answer: T): T => {
    if (answer.pricing.stale) {
      metrics.addMetric('StalePricingServed', MetricUnit.Count, 1);
      logger.warn('Serving stale prices', { pricing: answer.pricing });
    }
    return answer;
  };
  return {
    findInstanceSpec: (instanceType) => source.findInstanceSpec(instanceType),
    regions: () => source.regions(),
    getRegion: async (region) => count(await source.getRegion(region)),
    getManagedPrices: async (region) => count(await source.getManagedPrices(region)),
  };
}

const app = createApp({
  catalog: measured(catalogSourceFromEnv(process.env)),
  logError: (error, request) => logger.error('Unhandled error', { ...request, error: error as Error }),
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
