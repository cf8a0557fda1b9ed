import { describe, expect, it } from 'vitest';
import { EstimateResponseSchema } from '../../lib/contract/schemas.js';
import { inferenceEstimate, llama8bArchitecture, postJson, problemOf } from './fixtures.js';

describe('Route: POST /v1/estimates', () => {
  it('should estimate a preset model on an instance type', async () => {
    // Act
    const res = await postJson('/v1/estimates', inferenceEstimate);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = EstimateResponseSchema.parse(await res.json());
    expect(body.fits).toBe(true);
    expect(body.assumptions.engine).toBe('vllm');
    expect(body.inference?.timePerOutputTokenMs).toBeGreaterThan(0);
  });

  it('should estimate an inline architecture like the preset it copies', async () => {
    // Prepare
    const preset = EstimateResponseSchema.parse(
      await (await postJson('/v1/estimates', inferenceEstimate)).json(),
    );

    // Act
    const res = await postJson('/v1/estimates', { ...inferenceEstimate, model: llama8bArchitecture });

    // Assess
    expect(res.status).toBe(200);
    const body = EstimateResponseSchema.parse(await res.json());
    expect(body.assumptions.model).toBe('my-llama');
    expect(body.memory.breakdownGiB.weights).toBeCloseTo(preset.memory.breakdownGiB.weights, 6);
  });

  it('should estimate fine-tuning on accelerators', async () => {
    const res = await postJson('/v1/estimates', {
      model: 'llama-3.1-8b',
      hardware: { accelerator: 'h100', count: 8 },
      workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e8 },
    });

    expect(res.status).toBe(200);
    const body = EstimateResponseSchema.parse(await res.json());
    expect(body.training?.hours).toBeGreaterThan(0);
  });

  it.each([
    { field: 'unknown model', patch: { model: 'no-such-model' }, pointer: '/model' },
    {
      field: 'unknown instance',
      patch: { hardware: { instanceType: 'zz9.huge' } },
      pointer: '/hardware/instanceType',
    },
    { field: 'engine not for the hardware', patch: { engine: 'neuron' }, pointer: '/engine' },
  ])('should answer 422 with pointer $pointer for an $field', async ({ patch, pointer }) => {
    // Act
    const res = await postJson('/v1/estimates', { ...inferenceEstimate, ...patch });

    // Assess
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.contentType).toBe('application/problem+json');
    expect(problem).toMatchObject({ status: 422, type: 'https://planner.dev/problems/invalid-input' });
    expect(problem.errors).toEqual([{ pointer, message: expect.any(String) }]);
    expect(problem.detail).toBe(problem.errors?.[0]?.message);
  });
});
