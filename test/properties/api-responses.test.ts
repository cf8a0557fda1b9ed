/**
 * Property: any request the contract accepts gets an answer, never a 5xx. A 200 carries a complete
 * body (the response schema parses it); a 422 is a problem document that says what is wrong (field
 * pointers for impossible input, the nearest miss for a plan nothing in the catalog satisfies).
 * Every number of a 200 is finite and non-negative, and no sentence of any answer (notes, rationale,
 * reasons, problem details) shows an infinity, a NaN or a negative rate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { PlanResponseSchema } from '../../lib/contract/plan.js';
import { EstimateResponseSchema, unphysicalNumbers } from '../../lib/contract/schemas.js';
import { estimateRequest, extremeArchitecture, hardware, planRequest, runs } from './arbitraries.js';
import { expectProblem } from './problem-shape.js';

const bugs: unknown[] = [];
const app = createApp({ catalog: embeddedCatalog, logError: (error) => bugs.push(error) });

/** An infinity, a NaN or a negative number inside a sentence ("-2.2 tokens/s", "Infinityx the speed"). */
const impossibleText = /Infinity|NaN|(^|[\s($=:])-\d/;

/** Every string in a body, with where it sits. */
const strings = (value: unknown, path = ''): [string, string][] =>
  typeof value === 'string'
    ? [[path, value]]
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => strings(v, `${path}/${k}`))
      : [];

/** A 200 body as a careful reader checks it: physical numbers, sentences without impossible values. */
function expectPhysical(body: unknown): void {
  expect(unphysicalNumbers(body)).toEqual([]);
  expect(strings(body).filter(([, text]) => impossibleText.test(text))).toEqual([]);
}

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
          const body = await res.json();
          const parsed = EstimateResponseSchema.safeParse(body);
          expect(parsed.error?.issues ?? []).toEqual([]);
          expectPhysical(body);
          return;
        }
        expect(res.status, JSON.stringify(bugs.at(-1) ?? '')).toBe(422);
        const problem = await expectProblem(res);
        expect(problem.errors?.length).toBeGreaterThan(0);
        expect(strings(problem).filter(([, text]) => impossibleText.test(text))).toEqual([]);
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
          const body = await res.json();
          const parsed = PlanResponseSchema.safeParse(body);
          expect(parsed.error?.issues ?? []).toEqual([]);
          expectPhysical(body);
          return;
        }
        expect(res.status, String(bugs.at(-1) ?? '')).toBe(422);
        const problem = await expectProblem(res);
        expect(strings(problem).filter(([, text]) => impossibleText.test(text))).toEqual([]);
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

  it('inline architectures anywhere in the bounds: a physical estimate, or a 422 naming the fields', async () => {
    await fc.assert(
      fc.asyncProperty(extremeArchitecture, hardware, async (model, hw) => {
        const res = await post('/v1/estimates', {
          model,
          hardware: hw,
          workload: { kind: 'inference', inputTokens: 512, outputTokens: 128 },
        });
        if (res.status === 200) return expectPhysical(await res.json());
        expect(res.status, JSON.stringify(bugs.at(-1) ?? '')).toBe(422);
        const problem = await expectProblem(res);
        // The model's fields, or the hardware's when the devices cannot hold together (16 Macs).
        expect(problem.errors?.[0]?.pointer).toMatch(/^\/(model|hardware)/);
      }),
      runs(150),
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
