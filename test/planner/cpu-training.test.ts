/**
 * Training on CPUs, as a user would check it: GPUs train even a small model far faster than CPUs,
 * and CPUs are only planned for tuning when the caller asks for them. The numbers come from the
 * CPU training model (lib/perf/training-efficiency.ts), calibrated in test/calibration/cases-training.json.
 */
import { describe, expect, it } from 'vitest';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { estimateV1 } from '../../lib/contract/estimates.js';
import type { PlanRequest } from '../../lib/contract/plan.js';
import { planV1 as plan } from '../../lib/contract/plans.js';
import type { EstimateRequest, ModelArchitecture } from '../../lib/contract/schemas.js';

const deps = { catalog: embeddedCatalog };
const estimate = (req: EstimateRequest) =>
  estimateV1(req, { findInstanceSpec: embeddedCatalog.findInstanceSpec });

/** GPT-2 small (124M parameters, the size of nanoGPT and llm.c runs). */
const gpt2: ModelArchitecture = {
  name: 'GPT-2-124M',
  parameters: 124_439_808,
  layers: 12,
  hiddenSize: 768,
  attentionHeads: 12,
  kvHeads: 12,
  intermediateSize: 3072,
  vocabSize: 50_257,
  maxContextTokens: 1024,
  tiedEmbeddings: true,
};
const pretrain = { kind: 'training', tokens: 1e9 } as const;

describe('A 124M model trains faster on a GPU than on CPUs', () => {
  it('should train faster on an L40S (g6e.xlarge) than on the cheapest CPU instance it fits, or any CPU instance', async () => {
    const l40s = estimate({ model: gpt2, hardware: { instanceType: 'g6e.xlarge' }, workload: pretrain });
    expect(l40s.fits).toBe(true);
    const { instances } = await embeddedCatalog.getRegion('us-east-1');
    const cpus = instances
      .filter((i) => i.acceleratorKind === 'cpu' && i.onDemandHourlyUsd !== undefined)
      .sort((a, b) => (a.onDemandHourlyUsd ?? 0) - (b.onDemandHourlyUsd ?? 0));
    const onCpus = cpus
      .map((i) => ({
        type: i.instanceType,
        e: estimate({ model: gpt2, hardware: { instanceType: i.instanceType }, workload: pretrain }),
      }))
      .filter(({ e }) => e.fits);
    expect(onCpus.length).toBeGreaterThan(0);
    const gpuSpeed = l40s.training?.tokensPerSecond ?? 0;
    // The cheapest CPU that holds the job is many times slower; the fastest CPU is still slower.
    expect(gpuSpeed).toBeGreaterThan(
      5 * (onCpus[0]?.e.training?.tokensPerSecond ?? Number.POSITIVE_INFINITY),
    );
    for (const { type, e } of onCpus) {
      expect(gpuSpeed, `${type} trains GPT-2 faster than an L40S`).toBeGreaterThan(
        e.training?.tokensPerSecond ?? 0,
      );
    }
  });

  it('should plan the job on an accelerator, every CPU plan slower and costlier than the L40S one', async () => {
    const anywhere = await plan({ model: gpt2, workload: pretrain }, deps);
    expect(anywhere.recommendation.acceleratorKind).not.toBe('cpu');
    const l40s = await plan(
      { model: gpt2, workload: pretrain, constraints: { instanceTypes: ['g6e.xlarge'] } },
      deps,
    );
    const cpu = await plan(
      { model: gpt2, workload: pretrain, constraints: { acceleratorKinds: ['cpu'] } },
      deps,
    );
    for (const o of [cpu.recommendation, ...cpu.alternatives]) {
      expect(o.jobHours ?? 0).toBeGreaterThan(l40s.recommendation.jobHours ?? Number.POSITIVE_INFINITY);
      expect(o.jobCostUsd ?? 0).toBeGreaterThan(l40s.recommendation.jobCostUsd ?? Number.POSITIVE_INFINITY);
    }
  });

  it('should say an AMX CPU sustains a few per cent of its tile peak, and a second socket adds less than the first', () => {
    const one = estimate({ model: gpt2, hardware: { instanceType: 'c7i.24xlarge' }, workload: pretrain });
    const two = estimate({ model: gpt2, hardware: { instanceType: 'c7i.48xlarge' }, workload: pretrain });
    const share = one.assumptions.computeEfficiency;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.1);
    expect(one.assumptions.efficiencySource).toMatch(/AMX/);
    const speedup = (two.training?.tokensPerSecond ?? 0) / (one.training?.tokensPerSecond ?? 1);
    expect(speedup).toBeGreaterThan(1.2);
    expect(speedup).toBeLessThan(2);
  });
});

describe('Parameter-efficient tuning of a large model needs accelerators', () => {
  const lora70b: PlanRequest = {
    model: 'llama-3.1-70b',
    workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e7 },
  };

  it('should not plan LoRA on a 70B model on CPUs, nor offer a CPU that is cheaper', async () => {
    const p = await plan(lora70b, deps);
    expect(p.recommendation.acceleratorKind).not.toBe('cpu');
    for (const a of p.alternatives.filter((x) => x.acceleratorKind === 'cpu')) {
      expect(a.jobCostUsd ?? 0).toBeGreaterThan(p.recommendation.jobCostUsd ?? 0);
    }
  });

  it('should plan it on CPUs when the caller asks for CPUs, and say it takes days, not hours', async () => {
    const p = await plan({ ...lora70b, constraints: { acceleratorKinds: ['cpu'] } }, deps);
    expect(p.recommendation.acceleratorKind).toBe('cpu');
    const gpu = await plan(lora70b, deps);
    expect(p.recommendation.jobHours ?? 0).toBeGreaterThan(24);
    expect(p.recommendation.jobCostUsd ?? 0).toBeGreaterThan(10 * (gpu.recommendation.jobCostUsd ?? 0));
  });
});
