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
import { mapStackTracesLazily } from './stack-traces.js';

export * from './names.js';
export { MetricUnit };

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  /** X-Ray tracing of each invocation, when the function is traced (see `loadTracing`). */
  trace?: <R>(context: Context, run: () => Promise<R>) => Promise<R>;
}

/**
 * The Powertools tracer, loaded only when tracing is on. `PLANNER_TRACING` is replaced by a constant
 * when the function is bundled, so an untraced bundle drops this import and the X-Ray SDK with it.
 *
 * @example
 * const observability = { ...createObservability({ serviceName }), trace: await loadTracing(serviceName) };
 */
export const loadTracing: (serviceName: string) => Promise<Observability['trace']> =
  // A ternary on the constant, not an early return: esbuild drops the unused branch and its import.
  process.env.PLANNER_TRACING === 'true'
    ? async (serviceName) => (await import('./tracing.js')).createTracing({ serviceName })
    : async () => undefined;

/**
 * A logger and a metrics buffer for one function. In a bundle, stack traces are also source-mapped
 * from here on (the map is read when the first one is formatted: see stack-traces.ts).
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
  mapStackTracesLazily();
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ serviceName, namespace }),
  };
}

/**
 * Wraps a handler so every log line carries the Lambda request id (and cold start flag), the cold
 * start is counted once, the invocation is traced when tracing is on, and the metrics the handler added are flushed when it ends, even when it
 * throws.
 *
 * @example
 * export const handler = instrumented(observability, async (event) => refresh(event));
 */
export function instrumented<E, R>(
  { logger, metrics, trace }: Observability,
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    try {
      return await (trace ? trace(context, () => handler(event, context)) : handler(event, context));
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}
