/**
 * X-Ray tracing through Powertools (`tracing` stage option). Loaded only when the function's bundle
 * is built with tracing on (`process.env.PLANNER_TRACING` is replaced at build time, see
 * infra/bundling.ts), so an untraced function neither ships nor loads the X-Ray SDK at cold start.
 * Outgoing HTTPS calls (the S3 and Price List requests) become subsegments on their own.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

/** Runs one invocation inside a `## handler` subsegment, cold start and errors annotated. */
export type TraceInvocation = <R>(context: Context, run: () => Promise<R>) => Promise<R>;

/**
 * A tracer for `serviceName`, as a wrapper for each invocation.
 *
 * @example
 * const trace = createTracing({ serviceName: 'planner-api' });
 * export const handler = (event, context) => trace(context, () => handle(event));
 */
export function createTracing({ serviceName }: { serviceName: string }): TraceInvocation {
  const tracer = new Tracer({ serviceName });
  return async (context, run) => {
    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment(`## ${context.functionName ?? 'handler'}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await run();
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment?.close();
      if (segment) tracer.setSegment(segment);
    }
  };
}
