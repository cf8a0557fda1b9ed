/**
 * The OpenAPI 3.1 document: generated from the route definitions and contract schemas, plus what
 * Redocly's recommended rules ask for (license, tags with descriptions, security, servers).
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { ProblemSchema } from './openapi-schemas.js';
import { PROBLEM_CONTENT_TYPE } from './problems.js';

type Registry = OpenAPIHono['openAPIRegistry'];
type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

export interface OpenApiDocumentOptions {
  title?: string;
  version?: string;
  /** The API's public URLs (e.g. from `PUBLIC_URL`); default the relative `/`. */
  servers?: { url: string; description?: string }[];
}

const tags = [
  {
    name: 'Estimates',
    description: 'Memory, latency, throughput and time of one workload on given hardware.',
  },
  { name: 'Plans', description: 'The cheapest hardware and deployment tier that meet a workload.' },
  { name: 'Catalog', description: 'Model presets, accelerators and priced EC2 instances.' },
  { name: 'Service', description: 'Health, the API description and its docs.' },
];

/** The document and docs routes are plain Hono routes; list them too so the document is complete. */
export function registerDocumentRoutes(registry: Registry): void {
  const clientError = {
    '4XX': {
      description: 'Client error, e.g. 405 for a method the path does not allow.',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
    },
  };
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tags: ['Service'],
    summary: 'OpenAPI 3.1 description of this API',
    description: 'Generated from the same zod schemas that validate requests.',
    responses: {
      200: {
        description: 'The OpenAPI document.',
        content: { 'application/json': { schema: z.object({ openapi: z.string() }).loose() } },
      },
      ...clientError,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'getDocs',
    tags: ['Service'],
    summary: 'Interactive API docs',
    description: 'A self-contained HTML page that renders this document and can send requests.',
    responses: {
      200: { description: 'The docs page.', content: { 'text/html': { schema: z.string() } } },
      ...clientError,
    },
  });
  registry.registerComponent('securitySchemes', 'awsSigV4', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'The deployed API uses IAM authorization: sign requests with AWS Signature Version 4 (service execute-api). The local server needs no credentials.',
  });
}

export function openApiDocument(
  app: Pick<OpenAPIHono, 'getOpenAPI31Document'>,
  options: OpenApiDocumentOptions = {},
): Document {
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'AI workload planner API',
      version: options.version ?? '1.0.0',
      description:
        'Does a model fit, how fast will it be, and what will it cost on which hardware? Estimates and hardware recommendations for LLM inference, training and fine-tuning, from first principles joined to AWS instance prices. Errors are RFC 9457 problem details.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    tags,
    // Signed (IAM) when deployed, open locally: both are valid ways to call.
    security: [{ awsSigV4: [] }, {}],
    servers: options.servers?.length
      ? options.servers
      : [{ url: '/', description: 'Where this document is served from' }],
  });
  return document;
}
