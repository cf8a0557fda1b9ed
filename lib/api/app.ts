/**
 * `createApp(deps)`: the HTTP API of DESIGN §4 as a Hono app. The local server, the Lambda handler,
 * the CLI (with `--url`) and the tests all talk to this one app.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { type RequestIdVariables, requestId } from 'hono/request-id';
import { type SecureHeadersVariables, secureHeaders } from 'hono/secure-headers';
import type { ZodError } from 'zod';
import { UnknownRegionError } from '../catalog/errors.js';
import type { CatalogSource } from '../catalog/types.js';
import { InputError } from '../contract/errors.js';
import { estimateV1 } from '../contract/estimates.js';
import { noFeasiblePlanProblem, planV1 } from '../contract/plans.js';
import { NoFeasiblePlanError } from '../planner/errors.js';
import { contentSecurityPolicy } from './content-security.js';
import { docsPage } from './docs-page.js';
import { registerExplorer } from './explorer/index.js';
import { acceleratorList, instanceList, modelList } from './listings.js';
import { type OpenApiDocumentOptions, openApiDocument, registerDocumentRoutes } from './openapi-document.js';
import {
  fieldErrors,
  httpProblem,
  isClientAbort,
  type Problem,
  problemResponse,
  problemTypes,
  validationProblem,
} from './problems.js';
import { checkedResponse } from './response-check.js';
import {
  acceleratorsRoute,
  estimateRoute,
  healthRoute,
  instancesRoute,
  modelsRoute,
  planRoute,
} from './routes.js';

/** Requests larger than this are refused with 413; real requests are well under 2 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

const DEFAULT_REGION = 'us-east-1';

export interface AppDeps {
  /** Instances and prices: `embeddedCatalog`, or `createCatalogSource({ env })` from lib/catalog. */
  catalog: CatalogSource;
  /** Where genuine bugs (answered 500) are reported; the caller never sees their message. */
  logError?: (error: unknown, request: { requestId: string; method: string; path: string }) => void;
  /** Overrides for the OpenAPI document (title, version, servers: default the relative `/`). */
  openApi?: OpenApiDocumentOptions;
}

type Env = { Variables: RequestIdVariables & SecureHeadersVariables };

const defaultLogError: NonNullable<AppDeps['logError']> = (error, request) => {
  console.error(JSON.stringify({ level: 'error', message: 'Unhandled error', ...request }), error);
};

/** Validation failures become 422 problems with one JSON Pointer per invalid field. */
function validationHook(
  result: { target: string; success: boolean; error?: ZodError },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined;
  const errors = fieldErrors(result.error);
  const missingBody = result.target === 'json' && c.req.raw.body === null;
  if (missingBody) return problemResponse(c, httpProblem(400, 'A JSON request body is required.'));
  return problemResponse(c, validationProblem(errors));
}

/** Errors a caller can cause, as problems; anything else is a bug (500, message not leaked). */
function problemFor(error: unknown): Problem | undefined {
  if (error instanceof InputError) {
    return {
      type: problemTypes.invalidInput,
      title: 'Invalid input',
      status: 422,
      detail:
        error.problems.length > 1
          ? `${error.message} (and ${error.problems.length - 1} more: see errors)`
          : error.message,
      errors: error.problems.map(({ pointer, message }) => ({ pointer, message })),
    };
  }
  if (error instanceof NoFeasiblePlanError) {
    return {
      type: problemTypes.noFeasiblePlan,
      title: 'No feasible plan',
      status: 422,
      ...noFeasiblePlanProblem(error),
    };
  }
  if (error instanceof UnknownRegionError) {
    return {
      type: problemTypes.invalidInput,
      title: 'Invalid input',
      status: 422,
      detail: error.message,
      errors: [{ pointer: '/region', message: error.message }],
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    if (error.status === 400 && /malformed json/i.test(error.message)) {
      return {
        type: problemTypes.malformedJson,
        title: 'Malformed JSON',
        status: 400,
        detail: 'The request body is not valid JSON.',
      };
    }
    if (error.status === 415) return httpProblem(415, 'Send the request body as application/json.');
    return httpProblem(error.status, error.message || undefined);
  }
  return undefined;
}

/**
 * The planner API: estimates, plans, catalog listings, health, OpenAPI 3.1 and docs.
 *
 * @example
 * import { embeddedCatalog } from '../catalog/index.js';
 * const app = createApp({ catalog: embeddedCatalog });
 * const res = await app.request('/v1/models');
 */
export function createApp({ catalog, logError = defaultLogError, openApi }: AppDeps) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const findInstanceSpec = (instanceType: string) => catalog.findInstanceSpec(instanceType);

  app.use(requestId());
  app.use(secureHeaders({ contentSecurityPolicy }));
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        problemResponse(c, httpProblem(405, `${c.req.path} allows ${methods.join(', ')}.`), {
          Allow: methods.join(', '),
        }),
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        problemResponse(c, httpProblem(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`)),
    }),
  );
  app.notFound((c) => problemResponse(c, httpProblem(404, `No route for ${c.req.method} ${c.req.path}.`)));
  app.onError((error, c) => {
    const problem = problemFor(error);
    if (problem) return problemResponse(c, problem);
    if (isClientAbort(error, c.req.raw))
      return problemResponse(c, httpProblem(400, 'The request was aborted before its body arrived.'));
    const id = c.get('requestId') ?? 'unknown';
    logError(error, { requestId: id, method: c.req.method, path: c.req.path });
    return problemResponse(c, httpProblem(500, `An unexpected error occurred (request id ${id}).`));
  });

  const routes = app
    .openapi(estimateRoute, (c) =>
      c.json(checkedResponse(estimateV1(c.req.valid('json'), { findInstanceSpec })), 200),
    )
    .openapi(planRoute, async (c) =>
      c.json(checkedResponse(await planV1(c.req.valid('json'), { catalog })), 200),
    )
    .openapi(modelsRoute, (c) => c.json(modelList(), 200))
    .openapi(acceleratorsRoute, (c) => c.json(acceleratorList(), 200))
    .openapi(instancesRoute, async (c) => {
      const { region = DEFAULT_REGION, acceleratorKind } = c.req.valid('query');
      const { instances, pricing } = await catalog.getRegion(region);
      return c.json({ instances: instanceList(instances, acceleratorKind), pricing }, 200);
    })
    .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));

  registerDocumentRoutes(app.openAPIRegistry);
  let document: ReturnType<typeof openApiDocument> | undefined;
  // Servers come from configuration, else the relative `/` (wherever the document was fetched
  // from): never from the request's Host header, which any caller can set.
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(app, openApi);
    return c.json(document);
  });
  app.get('/docs', (c) => c.html(docsPage(c.get('secureHeadersNonce') ?? '')));
  registerExplorer(app);

  return routes;
}

/** The app's route types, for `hc<AppType>` (see lib/client). */
export type AppType = ReturnType<typeof createApp>;
