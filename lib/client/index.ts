/**
 * Typed client of the planner API, built on Hono's RPC client with the app's route types: request
 * bodies and responses are the contract's zod types, checked at compile time.
 */
import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { AppType } from '../api/app.js';
import type { Problem } from '../api/problems.js';

export type { Problem } from '../api/problems.js';

type RawClient = ReturnType<typeof hc<AppType>>;

export type EstimateRequestBody = InferRequestType<RawClient['v1']['estimates']['$post']>['json'];
export type EstimateResult = InferResponseType<RawClient['v1']['estimates']['$post'], 200>;
export type PlanRequestBody = InferRequestType<RawClient['v1']['plans']['$post']>['json'];
export type PlanResult = InferResponseType<RawClient['v1']['plans']['$post'], 200>;
export type ModelList = InferResponseType<RawClient['v1']['models']['$get'], 200>;
export type AcceleratorList = InferResponseType<RawClient['v1']['accelerators']['$get'], 200>;
export type InstanceListQuery = InferRequestType<RawClient['v1']['instances']['$get']>['query'];
export type InstanceList = InferResponseType<RawClient['v1']['instances']['$get'], 200>;

/** The API answered with an error: `problem` is its RFC 9457 body (with `errors` for 422s). */
export class PlannerApiError extends Error {
  override readonly name = 'PlannerApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
  }
}

export interface PlannerClientOptions {
  /** Where the API is, e.g. `http://localhost:3000` or the API Gateway URL. */
  baseUrl: string;
  /**
   * The fetch to send requests with. Pass one that signs with SigV4 to call an IAM-protected
   * deployment; defaults to the global fetch.
   */
  fetch?: typeof fetch;
  /** Headers added to every request. */
  headers?: Record<string, string>;
}

async function body<T>(response: Response & { json(): Promise<unknown> }): Promise<T> {
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object' && 'title' in parsed
        ? (parsed as Problem)
        : { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
    throw new PlannerApiError(response.status, problem);
  }
  return parsed as T;
}

/**
 * A client of the planner API. Methods resolve with the 200 body and reject with
 * `PlannerApiError` (carrying the problem details) for any error status; `raw` is the Hono RPC
 * client for anything else.
 *
 * @example
 * import { createPlannerClient } from 'ai-workload-planner';
 *
 * const planner = createPlannerClient({ baseUrl: 'http://localhost:3000' });
 * const estimate = await planner.estimate({
 *   model: 'llama-3.1-8b',
 *   hardware: { instanceType: 'g5.xlarge' },
 *   workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
 * });
 * console.log(estimate.inference?.timePerOutputTokenMs);
 *
 * // An IAM-protected deployment: sign every request (e.g. with aws4fetch's AwsClient.fetch).
 * const signed = createPlannerClient({ baseUrl: apiUrl, fetch: (input, init) => aws.fetch(input, init) });
 */
export function createPlannerClient({ baseUrl, fetch, headers }: PlannerClientOptions) {
  const raw = hc<AppType>(baseUrl, { ...(fetch && { fetch }), ...(headers && { headers }) });
  return {
    raw,
    estimate: async (request: EstimateRequestBody) =>
      body<EstimateResult>(await raw.v1.estimates.$post({ json: request })),
    plan: async (request: PlanRequestBody) => body<PlanResult>(await raw.v1.plans.$post({ json: request })),
    models: async () => body<ModelList>(await raw.v1.models.$get()),
    accelerators: async () => body<AcceleratorList>(await raw.v1.accelerators.$get()),
    instances: async (query: InstanceListQuery = {}) =>
      body<InstanceList>(await raw.v1.instances.$get({ query })),
    health: async () => body<{ status: 'ok' }>(await raw.healthz.$get()),
  };
}

export type PlannerClient = ReturnType<typeof createPlannerClient>;
