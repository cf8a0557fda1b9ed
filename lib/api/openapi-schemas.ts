/**
 * OpenAPI names and examples for the contract schemas (lib/contract stays plain zod).
 *
 * `.meta({ id })` returns a named copy of a contract schema (same fields, same checks) that becomes
 * `#/components/schemas/<id>`. Only request and response bodies are named: naming the contract's
 * nested schemas in place would mean mutating zod's global registry, which zod-to-openapi does not
 * read consistently (it leaks `id` into some inline schemas), so nested types stay inline.
 */
import { z } from 'zod';
import {
  AcceleratorListItemSchema,
  InstanceListItemSchema,
  ModelListItemSchema,
  PlanRequestSchema,
  PlanResponseSchema,
  PricingSchema,
} from '../contract/plan.js';
import { EstimateRequestSchema, EstimateResponseSchema } from '../contract/schemas.js';

export const estimateRequestExample = {
  model: 'llama-3.1-8b',
  precision: 'bf16',
  hardware: { instanceType: 'g5.xlarge' },
  workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
} as const;

export const planRequestExample = {
  model: 'llama-3.1-8b',
  precision: 'auto',
  region: 'us-east-1',
  workload: {
    kind: 'inference',
    inputTokens: 512,
    outputTokens: 256,
    traffic: { requestsPerSecond: 5 },
    slo: { timeToFirstTokenMs: 500, timePerOutputTokenMs: 50 },
  },
} as const;

/** The request schemas as sent to the validator: the contract's, with a name and an example. */
export const EstimateRequestBody = EstimateRequestSchema.meta({
  id: 'EstimateRequest',
  examples: [estimateRequestExample],
});
export const PlanRequestBody = PlanRequestSchema.meta({ id: 'PlanRequest', examples: [planRequestExample] });

export const EstimateResponseBody = EstimateResponseSchema.meta({ id: 'EstimateResponse' });
export const PlanResponseBody = PlanResponseSchema.meta({ id: 'PlanResponse' });

// DESIGN §4 lists models and accelerators as bare arrays; instances add the pricing block.
export const ModelListSchema = z.array(ModelListItemSchema).meta({ id: 'ModelList' });
export const AcceleratorListSchema = z.array(AcceleratorListItemSchema).meta({ id: 'AcceleratorList' });
export const InstanceListSchema = z
  .object({ instances: z.array(InstanceListItemSchema), pricing: PricingSchema })
  .meta({ id: 'InstanceList' });
export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** RFC 9457 problem details, with this API's `errors` extension. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem, or about:blank.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path.'),
    errors: z
      .array(
        z.object({
          pointer: z.string().describe('JSON Pointer into the request body (or the query parameters).'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('One entry per invalid field, at most 20.'),
    errorCount: z
      .number()
      .int()
      .optional()
      .describe('How many invalid fields there are in all, when more than the 20 listed.'),
    nearestMiss: z
      .object({ instanceType: z.string(), instanceCount: z.number().int(), shortfall: z.string() })
      .optional()
      .describe('POST /v1/plans: the candidate that came closest, when no hardware satisfies the request.'),
  })
  .meta({
    id: 'Problem',
    examples: [
      {
        type: 'https://planner.dev/problems/validation',
        title: 'Invalid request',
        status: 422,
        detail: 'The request has 1 invalid field.',
        instance: '/v1/estimates',
        errors: [
          { pointer: '/workload/inputTokens', message: 'Invalid input: expected number, received string' },
        ],
      },
    ],
  });
