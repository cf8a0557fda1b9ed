/**
 * Property: any request the contract accepts gets an answer, never a 5xx. A 200 carries a complete
 * body (the response schema parses it); a 422 is a problem document that says what is wrong (field
 * pointers for impossible input, the nearest miss for a plan nothing in the catalog satisfies).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { PlanResponseSchema } from '../../lib/contract/plan.js';
import { EstimateResponseSchema } from '../../lib/contract/schemas.js';
import { estimateRequest, planRequest, runs } from './arbitraries.js';
import { expectProblem } from './problem-shape.js';

const bugs: unknown[] = [];
const app = createApp({ catalog: embeddedCatalog, logError: (error) => bugs.push(error) });

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Property: every valid request is answered', () => {
  it('POST /v1/estimates: 200 with a well-formed estimate, or a 422 with field pointers', async () => {
    await fc.assert(
      fc.asyncProperty(estimateRequest, async (req) => {
        const res = await post('/v1/estimates', req);
        if (res.status === 200) {
          const parsed = EstimateResponseSchema.safeParse(await res.json());
          expect(parsed.error?.issues ?? []).toEqual([]);
          return;
        }
        expect(res.status, JSON.stringify(bugs.at(-1) ?? '')).toBe(422);
        const problem = await expectProblem(res);
        expect(problem.errors?.length).toBeGreaterThan(0);
      }),
      runs(400),
    );
    expect(bugs).toEqual([]);
  });

  it('POST /v1/plans: 200 with a well-formed plan, or a 422 naming the input or the nearest miss', async () => {
    await fc.assert(
      fc.asyncProperty(planRequest, async (req) => {
        const res = await post('/v1/plans', req);
        if (res.status === 200) {
          const parsed = PlanResponseSchema.safeParse(await res.json());
          expect(parsed.error?.issues ?? []).toEqual([]);
          return;
        }
        expect(res.status, String(bugs.at(-1) ?? '')).toBe(422);
        const problem = await expectProblem(res);
        if (problem.type.endsWith('/no-feasible-plan')) {
          expect(problem.detail).toMatch(/No (hardware|priced hardware) in /);
        } else {
          expect(problem.errors?.length).toBeGreaterThan(0);
        }
      }),
      runs(120),
    );
    expect(bugs).toEqual([]);
  });

  it('plans for realistic requests are mostly feasible (the generators are not all corner cases)', async () => {
    const statuses = await fc.sample(planRequest, runs(40));
    let ok = 0;
    for (const req of statuses) if ((await post('/v1/plans', req)).status === 200) ok += 1;
    expect(ok).toBeGreaterThan(5);
  });
});
