/**
 * The product's rules of thumb, stated as requests and the plans they must produce. None of them is
 * coded in the planner: they come out of the search over the catalog with the model and the prices.
 */
import { describe, expect, it } from 'vitest';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import type { PlanRequest, PlanResponse } from '../../lib/contract/plan.js';
import { noFeasiblePlanText } from '../../lib/contract/plan-words.js';
import { planV1 as plan } from '../../lib/contract/plans.js';
import { NoFeasiblePlanError } from '../../lib/planner/index.js';

const deps = { catalog: embeddedCatalog };
const chat = { kind: 'inference', inputTokens: 512, outputTokens: 256 } as const;
const accelerators = (p: PlanResponse) =>
  p.recommendation.instanceCount *
  (p.recommendation.estimate.memory.devices / p.recommendation.instanceCount);

describe('Seed rules', () => {
  it.each([
    ['llama-3.2-1b', 512],
    ['llama-3.2-3b', 128],
    ['phi-3-mini', 128],
  ] as const)(
    'a small model (%s, %d-token prompts) for one person is cheapest on a CPU',
    async (model, inputTokens) => {
      const p = await plan({ model, precision: 'auto', workload: { ...chat, inputTokens } }, deps);
      expect(p.tier).toBe('personal');
      expect(p.recommendation.acceleratorKind).toBe('cpu');
      expect(p.recommendation.instanceCount).toBe(1);
      // It meets the personal default of about 10 tokens/s and a first token within 2 s.
      expect(p.recommendation.estimate.inference?.decodeTokensPerSecond).toBeGreaterThanOrEqual(10);
      expect(p.recommendation.estimate.inference?.timeToFirstTokenMs).toBeLessThanOrEqual(2000);
      expect(p.alternatives.some((a) => a.acceleratorKind === 'gpu')).toBe(true);
    },
  );

  it.each([
    ['gemma-2-27b', 'bf16'],
    ['llama-3.1-70b', 'bf16'],
    ['gemma-2-27b', 'auto'],
    ['qwen2.5-72b', 'auto'],
  ] as const)(
    'a >10B model (%s, %s) for one person needs an accelerator to be usably fast',
    async (model, precision) => {
      const p = await plan({ model, precision, workload: chat }, deps);
      expect(p.recommendation.acceleratorKind).not.toBe('cpu');
      // A GPU or AWS's own accelerators (Neuron pads heads, so a 70B model shards over 6 Inferentia2
      // chips): whichever is cheapest, never a CPU.
      const cpu = p.alternatives.find((a) => a.acceleratorKind === 'cpu');
      // Any CPU that meets the speed target costs more than the GPU plan.
      if (cpu) expect(cpu.hourlyUsd).toBeGreaterThan(p.recommendation.hourlyUsd);
    },
  );

  it('a >10B model at 16-bit for one person is a large-model deployment', async () => {
    const p = await plan({ model: 'llama-3.1-70b', precision: 'bf16', workload: chat }, deps);
    expect(p.tier).toBe('large-model');
    expect(p.recommendation.estimate.memory.capacityPerDeviceGiB * accelerators(p)).toBeGreaterThan(130);
  });

  it.each([{ requestsPerSecond: 20 }, { concurrentRequests: 200 }, { requestsPerDay: 2_000_000 }])(
    'customer-facing traffic (%o) needs accelerators even for a 1B model',
    async (traffic) => {
      const p = await plan({ model: 'llama-3.2-1b', workload: { ...chat, traffic } }, deps);
      expect(p.tier).toBe('customer-facing');
      expect(p.recommendation.acceleratorKind).not.toBe('cpu');
      const slo = p.recommendation.estimate.inference;
      expect(slo?.timeToFirstTokenMs).toBeLessThanOrEqual(1000);
      expect(slo?.timePerOutputTokenMs).toBeLessThanOrEqual(50);
      expect(p.rationale.join(' ')).toMatch(/Little's law/);
    },
  );

  it.each(['llama-3.2-1b', 'llama-3.1-8b', 'mistral-7b'])(
    'training (%s) never runs on CPUs',
    async (model) => {
      const p = await plan({ model, workload: { kind: 'training', tokens: 1e9 } }, deps);
      expect(p.recommendation.acceleratorKind).not.toBe('cpu');
      expect(
        p.alternatives
          .filter((a) => a.acceleratorKind === 'cpu')
          .every((a) => (a.jobCostUsd ?? 0) > (p.recommendation.jobCostUsd ?? 0)),
      ).toBe(true);
    },
  );

  it('parameter-efficient tuning of a small model can run on a CPU when the deadline allows', async () => {
    const request: PlanRequest = {
      model: 'llama-3.2-1b',
      workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e7, deadlineHours: 24 },
      constraints: { acceleratorKinds: ['cpu'] },
    };
    const p = await plan(request, deps);
    expect(p.recommendation.acceleratorKind).toBe('cpu');
    expect(p.recommendation.jobHours).toBeLessThanOrEqual(24);
    // A deadline no CPU can meet has no CPU plan, and the answer says how close the nearest came.
    const rushed = {
      ...request,
      workload: { ...request.workload, tokens: 1e9, deadlineHours: 0.01 },
    } as PlanRequest;
    await expect(plan(rushed, deps)).rejects.toThrow(NoFeasiblePlanError);
  });

  it('a full fine-tune of a 70B model needs many GPUs', async () => {
    const p = await plan(
      { model: 'llama-3.1-70b', workload: { kind: 'fine-tuning', method: 'full', tokens: 1e8 } },
      deps,
    );
    expect(p.tier).toBe('large-model');
    expect(p.recommendation.acceleratorKind).not.toBe('cpu');
    expect(accelerators(p)).toBeGreaterThanOrEqual(8);
  });
});

describe('No satisfying hardware', () => {
  it('answers with the nearest miss and by how much', async () => {
    const request: PlanRequest = {
      model: 'llama-3.1-405b',
      precision: 'bf16',
      workload: chat,
      constraints: { maxHourlyUsd: 5 },
    };
    const error = await plan(request, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoFeasiblePlanError);
    expect(noFeasiblePlanText(error as NoFeasiblePlanError)).toMatch(/Nearest miss: .+ \(\d+\.\d+x off\)/);
    expect((error as NoFeasiblePlanError).nearestMiss?.instanceType).toBeTruthy();
  });
});

describe('Tiers come from what the plan needs', () => {
  it.each([
    [
      'LoRA on a 1B model: one small accelerator',
      { model: 'llama-3.2-1b', workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e7 } },
      'personal',
    ],
    [
      'a 27B model at 16 bits: more than a 24 GB GPU holds',
      { model: 'gemma-2-27b', precision: 'bf16', workload: chat },
      'large-model',
    ],
    [
      'an 8B model quantized for one person',
      { model: 'llama-3.1-8b', precision: 'int4', workload: chat },
      'personal',
    ],
    [
      'pre-training an 8B model: a cluster',
      { model: 'llama-3.1-8b', workload: { kind: 'training', tokens: 1e11, deadlineHours: 24 } },
      'large-model',
    ],
  ] as [string, PlanRequest, PlanResponse['tier']][])('%s', async (_name, request, tier) => {
    const p = await plan(request, deps);
    expect(p.tier).toBe(tier);
    expect(p.rationale.join(' ')).toContain(`Tier ${tier}`);
  });
});
