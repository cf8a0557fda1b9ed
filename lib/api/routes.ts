/**
 * The v1 routes (DESIGN §4) as OpenAPI route definitions: paths, schemas, documented responses.
 * Handlers live in app.ts; these objects also drive validation and the typed client.
 */
import { createRoute } from '@hono/zod-openapi';
import { InstanceListQuerySchema } from '../contract/plan.js';
import {
  AcceleratorListSchema,
  EstimateRequestBody,
  EstimateResponseBody,
  HealthSchema,
  InstanceListSchema,
  ModelListSchema,
  PlanRequestBody,
  PlanResponseBody,
  ProblemSchema,
} from './openapi-schemas.js';
import { PROBLEM_CONTENT_TYPE } from './problems.js';

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
});

/** The error answers every JSON POST route can give. */
const postProblems = {
  400: problem('Malformed JSON.'),
  413: problem('The body is larger than 64 KiB.'),
  415: problem('The body is not application/json.'),
  422: problem('Well-formed but invalid input: one `errors` entry per field, with a JSON Pointer.'),
} as const;

/** GET routes without input can still be asked with a method the path does not allow. */
const clientError = {
  '4XX': problem('Client error, e.g. 405 for a method the path does not allow.'),
} as const;

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const estimateRoute = createRoute({
  method: 'post',
  path: '/v1/estimates',
  operationId: 'createEstimate',
  tags: ['Estimates'],
  summary: 'Estimate one workload on given hardware',
  description:
    'Memory, latency and throughput (inference) or time (training, fine-tuning) of one model on the hardware given. Unknown model or instance ids answer 422 with the field pointer.',
  request: {
    body: {
      required: true,
      description: 'The model, hardware and workload.',
      content: { 'application/json': { schema: EstimateRequestBody } },
    },
  },
  responses: {
    200: json(EstimateResponseBody, 'The estimate, with every assumption it used.'),
    ...postProblems,
  },
});

export const planRoute = createRoute({
  method: 'post',
  path: '/v1/plans',
  operationId: 'createPlan',
  tags: ['Plans'],
  summary: 'Recommend hardware and a deployment tier',
  description:
    'The cheapest hardware in the region that meets the workload, with alternatives, the reasons, and where the prices come from. 422 when nothing in the catalog satisfies the request (the nearest miss is in `detail` and `nearestMiss`).',
  request: {
    body: {
      required: true,
      description: 'The model, workload and constraints.',
      content: { 'application/json': { schema: PlanRequestBody } },
    },
  },
  responses: {
    200: json(PlanResponseBody, 'The recommendation, alternatives and pricing provenance.'),
    ...postProblems,
  },
});

export const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  operationId: 'listModels',
  tags: ['Catalog'],
  summary: 'List model presets',
  description: 'Preset ids accepted as `model`, with their architecture numbers.',
  responses: { 200: json(ModelListSchema, 'The presets.'), ...clientError },
});

export const acceleratorsRoute = createRoute({
  method: 'get',
  path: '/v1/accelerators',
  operationId: 'listAccelerators',
  tags: ['Catalog'],
  summary: 'List accelerators',
  description: 'GPU and AWS accelerator specs: memory, bandwidth, dense peak TFLOP/s, interconnect.',
  responses: { 200: json(AcceleratorListSchema, 'The accelerators.'), ...clientError },
});

export const instancesRoute = createRoute({
  method: 'get',
  path: '/v1/instances',
  operationId: 'listInstances',
  tags: ['Catalog'],
  summary: 'List priced instances in a region',
  description:
    'EC2 instance types with specs and hourly prices in one region (default us-east-1), optionally of one accelerator kind, with the provenance of the prices.',
  request: { query: InstanceListQuerySchema },
  responses: {
    200: json(InstanceListSchema, 'The instances and where their prices come from.'),
    422: problem('An invalid query parameter or a region the catalog does not price.'),
  },
});

export const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  tags: ['Service'],
  summary: 'Readiness check',
  description: 'Answers 200 when the service is ready.',
  responses: { 200: json(HealthSchema, 'Ready.'), ...clientError },
});
