import { describe, expect, it } from 'vitest';
import { PlanResponseSchema } from '../../lib/contract/plan.js';
import { inferencePlan, postJson, problemOf } from './fixtures.js';

describe('Route: POST /v1/plans', () => {
  it('should recommend hardware with a tier, alternatives, rationale and the pricing block', async () => {
    // Act
    const res = await postJson('/v1/plans', inferencePlan);

    // Assess
    expect(res.status).toBe(200);
    const body = PlanResponseSchema.parse(await res.json());
    expect(['personal', 'large-model', 'customer-facing']).toContain(body.tier);
    expect(body.recommendation).toMatchObject({
      instanceType: expect.any(String),
      instanceCount: expect.any(Number),
      acceleratorKind: expect.stringMatching(/^(cpu|gpu|neuron)$/),
      hourlyUsd: expect.any(Number),
      monthlyUsd: expect.any(Number),
    });
    expect(body.recommendation.estimate.fits).toBe(true);
    for (const alternative of body.alternatives) expect(alternative.why).toBeTruthy();
    expect(body.rationale.length).toBeGreaterThan(0);
    expect(body.requirements.memoryGiB).toBeGreaterThan(0);
    expect(body.pricing).toMatchObject({
      source: 'embedded',
      region: 'us-east-1',
      currency: 'USD',
      stale: false,
    });
    expect(body.pricing.asOf).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it('should price in the region asked for', async () => {
    const res = await postJson('/v1/plans', { ...inferencePlan, region: 'eu-west-1' });

    expect(res.status).toBe(200);
    expect(PlanResponseSchema.parse(await res.json()).pricing.region).toBe('eu-west-1');
  });

  it('should answer 422 with the nearest miss when nothing satisfies the request', async () => {
    // Prepare: a 405B model at a per-stream speed no catalog hardware reaches
    const impossible = {
      model: 'llama-3.1-405b',
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 256, slo: { timePerOutputTokenMs: 1 } },
    };

    // Act
    const res = await postJson('/v1/plans', impossible);

    // Assess
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({
      contentType: 'application/problem+json',
      type: 'https://planner.dev/problems/no-feasible-plan',
      status: 422,
    });
    expect(problem.detail).toMatch(/nearest miss/i);
    expect(problem.nearestMiss).toMatchObject({
      instanceType: expect.any(String),
      shortfall: expect.any(String),
    });
  });

  it.each([
    { case: 'an unknown model', patch: { model: 'no-such-model' }, pointer: '/model' },
    { case: 'an unpriced region', patch: { region: 'xx-nowhere-1' }, pointer: '/region' },
    { case: 'an invalid precision', patch: { precision: 'fp7' }, pointer: '/precision' },
  ])('should answer 422 with pointer $pointer for $case', async ({ patch, pointer }) => {
    const res = await postJson('/v1/plans', { ...inferencePlan, ...patch });

    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.pointer)).toEqual([pointer]);
  });
});
