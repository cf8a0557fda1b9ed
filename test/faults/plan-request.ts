/** The request every fault case sends, and how to read the answer: a plan and its pricing block. */
import { expect } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import type { CatalogSource } from '../../lib/catalog/types.js';
import { type PlanResponse, PlanResponseSchema } from '../../lib/contract/plan.js';

export const planBody = {
  model: 'llama-3.1-8b',
  region: 'us-east-1',
  workload: {
    kind: 'inference',
    inputTokens: 512,
    outputTokens: 256,
    traffic: { requestsPerSecond: 5 },
  },
};

/** POST /v1/plans through an app over `catalog`; asserts a 200 with a schema-valid plan. */
export async function planThrough(catalog: CatalogSource, body: object = planBody): Promise<PlanResponse> {
  const bugs: unknown[] = [];
  const app = createApp({ catalog, logError: (error) => bugs.push(error) });
  const res = await app.request('/v1/plans', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  expect(bugs).toEqual([]);
  expect(res.status, JSON.stringify(json).slice(0, 300)).toBe(200);
  return PlanResponseSchema.parse(json);
}
