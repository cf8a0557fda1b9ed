/**
 * Structured JSON logs and CloudWatch metrics (embedded metric format) for the Lambda functions,
 * through Powertools. One module so both functions log and measure the same way; the service name,
 * namespace and log level come from the standard Powertools environment variables that the stack sets
 * (`POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`, `POWERTOOLS_LOG_LEVEL`).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

import { defaultMetricsNamespace } from './names.js';

export * from './names.js';
export { MetricUnit };

export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/**
 * A logger and a metrics buffer for one function.
 *
 * @example
 * const { logger, metrics } = createObservability({ serviceName: 'planner-api' });
 */
export function createObservability({
  serviceName,
  namespace = process.env.POWERTOOLS_METRICS_NAMESPACE ?? defaultMetricsNamespace,
}: {
  serviceName: string;
  namespace?: string;
}): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ serviceName, namespace }),
  };
}

/**
 * Wraps a handler so every log line carries the Lambda request id (and cold start flag), the cold
 * start is counted once, and the metrics the handler added are flushed when it ends, even when it
 * throws.
 *
 * @example
 * export const handler = instrumented(observability, async (event) => refresh(event));
 */
export function instrumented<E, R>(
  { logger, metrics }: Observability,
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    try {
      return await handler(event, context);
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}
