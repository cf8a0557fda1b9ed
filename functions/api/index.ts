/**
 * API Lambda: API Gateway HTTP API (payload v2) events into the Hono app. The app and its catalog
 * source are created once per cold start and reused across invocations.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../../lib/api/index.js';
import { createCatalogSource } from '../../lib/catalog/index.js';

const app = createApp({ catalog: createCatalogSource({ env: process.env }) });

// Hono's own event types and @types/aws-lambda's disagree in detail under strict TS; cast once here.
export const handler = handle(app) as unknown as (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;
