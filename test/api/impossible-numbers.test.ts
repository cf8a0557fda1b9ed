/**
 * Issue 14, impossible numbers: inline architectures whose counts contradict their shapes, and
 * values so small that they divide into infinities, are refused with a 422 naming the fields; no 200
 * ever carries a negative or infinite number (the answer is checked on the way out).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { inferenceEstimate, llama8bArchitecture, postJson, problemOf } from './fixtures.js';

/** Llama 3.2 1B's shapes: 2 x 128256 x 2048 = 5.25e8 embedding parameters when untied. */
const llama1b = {
  layers: 16,
  hiddenSize: 2048,
  attentionHeads: 32,
  kvHeads: 8,
  intermediateSize: 8192,
  vocabSize: 128_256,
};

const estimateWith = (model: unknown, workload: unknown = inferenceEstimate.workload) =>
  postJson('/v1/estimates', {
    ...inferenceEstimate,
    hardware: { instanceType: 'm7i.large' },
    model,
    workload,
  });

describe('Contract: architectures whose numbers contradict each other', () => {
  it.each([
    {
      case: 'parameters below the embeddings (a 1B model given by its non-embedding count, 1e8)',
      model: { ...llama1b, parameters: 1e8 },
      pointer: '/model/parameters',
      names: ['vocabSize', 'hiddenSize', '5.25e8'],
    },
    {
      case: 'parameters below the embeddings plus attention',
      model: { ...llama1b, parameters: 6e8 },
      pointer: '/model/parameters',
      names: ['attention', 'hiddenSize', 'attentionHeads', '6.93e8'],
    },
    {
      case: 'activeParameters below the embeddings and attention every token uses',
      model: { ...llama8bArchitecture, activeParameters: 1e8 },
      pointer: '/model/activeParameters',
      names: ['embeddings', 'attention'],
    },
    {
      case: 'activeParameters below the routed share of a mixture of experts (Mixtral at 2B active)',
      model: {
        ...llama8bArchitecture,
        parameters: 46.7e9,
        activeParameters: 2e9,
        experts: 8,
        expertsPerToken: 2,
      },
      pointer: '/model/activeParameters',
      names: ['expertsPerToken / experts = 2/8'],
    },
    {
      case: 'activeParameters above the count the shapes give',
      model: { ...llama1b, activeParameters: 9e9 },
      pointer: '/model/activeParameters',
      names: ['shapes give'],
    },
    {
      case: 'a model built from its shapes past the 1e14 cap (6.8e16 parameters)',
      model: {
        layers: 2000,
        hiddenSize: 1_000_000,
        attentionHeads: 10_000,
        intermediateSize: 10_000_000,
        vocabSize: 10_000_000,
      },
      pointer: '/model',
      names: ['6.8e16', '1e14', 'parameters'],
    },
  ])('should answer 422 for $case', async ({ model, pointer, names }) => {
    const res = await estimateWith(model);

    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors?.[0]?.pointer).toBe(pointer);
    for (const name of names) expect(problem.errors?.[0]?.message).toContain(name);
  });

  it('should accept the same shapes with a consistent count, and tied embeddings counted once', async () => {
    expect((await estimateWith({ ...llama1b, parameters: 1.5e9 })).status).toBe(200);
    // Tied: 1 x 128256 x 2048 + attention = 4.3e8 <= 5e8.
    expect((await estimateWith({ ...llama1b, parameters: 5e8, tiedEmbeddings: true })).status).toBe(200);
  });

  it('should never answer negative times or rates for a small mixture of experts without activeParameters', async () => {
    // The experts' MLPs from the shapes (16 x 8 x 3 x 2048 x 8192) exceed what the total leaves
    // beside the embeddings and attention: the experts get only what is left.
    const res = await estimateWith({ ...llama1b, parameters: 1e9, experts: 8, expertsPerToken: 1 });

    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      inference: Record<string, number>;
      assumptions: Record<string, number>;
    };
    expect(body.inference.timePerOutputTokenMs).toBeGreaterThan(0);
    expect(body.inference.decodeTokensPerSecond).toBeGreaterThan(0);
    expect(body.assumptions.activeParameters).toBeGreaterThan(6.9e8);
  });

  it('should say in a plan miss how fast the hardware can go, never a negative speed', async () => {
    const res = await postJson('/v1/plans', {
      model: { ...llama1b, parameters: 1e8 },
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 128 },
      constraints: { instanceTypes: ['t3.nano'] },
    });

    expect(res.status).toBe(422);
    const text = JSON.stringify(await problemOf(res));
    expect(text).not.toMatch(/-\d+(\.\d+)? tokens\/s/);
    expect(text).toContain('/model/parameters');
  });
});

describe('Contract: values too small to mean anything', () => {
  const plan = (workload: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    postJson('/v1/plans', { model: 'llama-3.1-8b', workload, ...extra });
  const inference = { kind: 'inference', inputTokens: 1, outputTokens: 1 };

  it.each([
    {
      case: 'training tokens 5e-324',
      res: () => plan({ kind: 'training', tokens: 5e-324 }),
      pointer: '/workload/tokens',
    },
    {
      case: 'fine-tuning tokens 5e-324',
      res: () => plan({ kind: 'fine-tuning', method: 'lora', tokens: 5e-324 }),
      pointer: '/workload/tokens',
    },
    {
      case: 'a deadline of 5e-324 hours',
      res: () => plan({ kind: 'training', tokens: 1e9, deadlineHours: 5e-324 }),
      pointer: '/workload/deadlineHours',
    },
    {
      case: 'a time per output token of 5e-324 ms',
      res: () => plan({ ...inference, slo: { timePerOutputTokenMs: 5e-324 } }),
      pointer: '/workload/slo/timePerOutputTokenMs',
    },
    {
      case: 'a first-token target of 5e-324 ms',
      res: () => plan({ ...inference, slo: { timeToFirstTokenMs: 5e-324 } }),
      pointer: '/workload/slo/timeToFirstTokenMs',
    },
    {
      case: 'a budget of 5e-324 USD/h',
      res: () => plan(inference, { constraints: { maxHourlyUsd: 5e-324 } }),
      pointer: '/constraints/maxHourlyUsd',
    },
    {
      case: 'an estimate of training on 5e-324 tokens',
      res: () => estimateWith('llama-3.1-8b', { kind: 'training', tokens: 5e-324 }),
      pointer: '/workload/tokens',
    },
    {
      case: 'a global batch of 5e-324 tokens',
      res: () => estimateWith('llama-3.1-8b', { kind: 'training', tokens: 1e9, globalBatchTokens: 5e-324 }),
      pointer: '/workload/globalBatchTokens',
    },
  ])('should answer 422 for $case (it printed NaNx or Infinityx)', async ({ res, pointer }) => {
    const answer = await res();

    expect(answer.status).toBe(422);
    const problem = await problemOf(answer);
    expect(problem.errors?.map((e) => e.pointer)).toEqual([pointer]);
    expect(JSON.stringify(problem)).not.toMatch(/Infinity|NaN/);
  });

  it('should answer the smallest accepted values with finite numbers and sentences', async () => {
    const answers = await Promise.all([
      plan({ kind: 'training', tokens: 1 }),
      plan({ kind: 'fine-tuning', method: 'qlora', tokens: 1 }),
      plan({ ...inference, slo: { timePerOutputTokenMs: 0.01, timeToFirstTokenMs: 1 } }),
      plan({ kind: 'training', tokens: 1e9, deadlineHours: 0.01 }),
      plan(inference, { constraints: { maxHourlyUsd: 0.001 } }),
    ]);
    for (const answer of answers) {
      expect([200, 422]).toContain(answer.status);
      expect(await answer.text()).not.toMatch(/Infinity|NaN|[\s(]-\d/);
    }
  });
});

describe('Contract: answers are checked on the way out', () => {
  it('should answer 500 and log the fields when a computed answer has an unphysical number', async () => {
    const logged: unknown[] = [];
    // A corrupt hardware row (negative memory) that the estimate would carry to the caller.
    const catalog = {
      ...embeddedCatalog,
      findInstanceSpec(instanceType: string) {
        const spec = embeddedCatalog.findInstanceSpec(instanceType);
        return spec && { ...spec, memoryGiB: -spec.memoryGiB };
      },
    };
    const app = createApp({ catalog, logError: (error) => logged.push(error) });

    const res = await app.request('/v1/estimates', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ...inferenceEstimate,
        model: 'llama-3.2-1b',
        hardware: { instanceType: 'm7i.large' },
      }),
    });

    expect(res.status).toBe(500);
    expect(String(logged[0])).toMatch(/ResponseContractError: .*memory\.capacityPerDeviceGiB = -/);
  });
});
