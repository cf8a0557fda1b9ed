import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { InputError } from '../../lib/contract/errors.js';
import { estimateV1 as estimate } from '../../lib/contract/estimates.js';
import type { EstimateRequest } from '../../lib/contract/schemas.js';

const deps = { findInstanceSpec };

const llama2_70b = {
  name: 'Llama-2-70B',
  parameters: 68.98e9,
  layers: 80,
  hiddenSize: 8192,
  attentionHeads: 64,
  kvHeads: 8,
  intermediateSize: 28_672,
  vocabSize: 32_000,
};
const llama65b = {
  name: 'LLaMA-65B',
  parameters: 65.2e9,
  layers: 80,
  hiddenSize: 8192,
  attentionHeads: 64,
  intermediateSize: 22_016,
  vocabSize: 32_000,
};

const inference = { kind: 'inference', inputTokens: 512, outputTokens: 256 } as const;
const base: EstimateRequest = {
  model: 'llama-3.1-8b',
  hardware: { accelerator: 'h100', count: 1 },
  workload: inference,
};

describe('Function: estimate (memory facts)', () => {
  it('should not fit a 70B model in bf16 on one 80 GB GPU, and say by how much', () => {
    const r = estimate(
      { ...base, model: llama2_70b, hardware: { accelerator: 'a100-80gb', count: 1 } },
      deps,
    );
    expect(r.fits).toBe(false);
    expect(r.memory.breakdownGiB.weights).toBeCloseTo((68.98e9 * 2) / 2 ** 30, 2);
    expect(r.notes.join(' ')).toMatch(/GiB short/);
    expect(r.inference).toBeUndefined();
  });

  it('should fit a 70B model in bf16 on two 80 GB GPUs with tensor parallelism', () => {
    const r = estimate(
      { ...base, model: llama2_70b, hardware: { accelerator: 'a100-80gb', count: 2 } },
      deps,
    );
    expect(r.fits).toBe(true);
    expect(r.assumptions.tensorParallel).toBe(2);
  });

  it('should fit a 65B QLoRA fine-tune in one 48 GB GPU (QLoRA paper)', () => {
    const r = estimate(
      {
        model: llama65b,
        hardware: { accelerator: 'l40s', count: 1 },
        workload: { kind: 'fine-tuning', method: 'qlora', tokens: 1e6, sequenceLength: 512 },
      },
      deps,
    );
    expect(r.fits).toBe(true);
    expect(r.assumptions.precision).toBe('nf4');
    expect(r.memory.perDeviceGiB).toBeLessThan(45);
  });

  it('should not fit a full fine-tune of a 65B model on the same GPU', () => {
    const r = estimate(
      {
        model: llama65b,
        hardware: { accelerator: 'l40s', count: 1 },
        workload: { kind: 'fine-tuning', method: 'full', tokens: 1e6 },
      },
      deps,
    );
    expect(r.fits).toBe(false);
    // Mixed-precision AdamW: 2 + 2 + 12 bytes per parameter.
    expect(r.memory.breakdownGiB.optimizerStates).toBeCloseTo((65.2e9 * 12) / 2 ** 30, 1);
  });

  it('should echo every default it chose under assumptions', () => {
    const r = estimate(base, deps);
    expect(r.assumptions).toMatchObject({
      engine: 'vllm',
      precision: 'bf16',
      kvCachePrecision: 'bf16',
      tensorParallel: 1,
    });
    expect(r.assumptions.memoryBandwidthEfficiency).toBeGreaterThan(0);
    expect(r.assumptions.efficiencySource).not.toBe('');
  });
});

describe('Function: estimate (inference)', () => {
  it('should be memory-bandwidth bound at batch 1 and compute bound at large batch', () => {
    const short = { kind: 'inference', inputTokens: 128, outputTokens: 128 } as const;
    const one = estimate({ ...base, workload: short }, deps);
    const many = estimate(
      { ...base, engine: 'tensorrt-llm', workload: { ...short, concurrency: 1024 } },
      deps,
    );
    expect(one.inference?.bottleneck).toBe('memory-bandwidth');
    expect(many.inference?.bottleneck).toBe('compute');
    expect(many.inference?.outputTokensPerSecond).toBeGreaterThan(
      20 * (one.inference?.outputTokensPerSecond ?? 0),
    );
  });

  it('should make decodeTokensPerSecond the inverse of timePerOutputTokenMs', () => {
    const r = estimate(base, deps).inference;
    expect(r?.decodeTokensPerSecond).toBeCloseTo(1000 / (r?.timePerOutputTokenMs ?? 1), 1);
  });

  it('should fill the KV pool for concurrency "max"', () => {
    const r = estimate({ ...base, workload: { ...inference, concurrency: 'max' } }, deps);
    expect(r.inference?.concurrency).toBeGreaterThan(1);
    expect(r.inference?.concurrency).toBeLessThanOrEqual(r.inference?.maxConcurrency ?? 0);
  });

  it('should make tensor parallelism pay a fixed latency per collective at batch 1', () => {
    // Two all-reduces per layer: over PCIe a small model gains far less than 4x from 4 GPUs.
    const hw = { instanceType: 'g5.12xlarge' } as const;
    const small = { ...base, model: 'llama-3.2-1b' } as const;
    const tp1 = estimate({ ...small, hardware: hw, parallelism: { tensor: 1 } }, deps).inference;
    const tp4 = estimate({ ...small, hardware: hw, parallelism: { tensor: 4 } }, deps).inference;
    expect(tp4?.bottleneck).toBe('interconnect');
    expect((tp1?.timePerOutputTokenMs ?? 0) / (tp4?.timePerOutputTokenMs ?? Infinity)).toBeLessThan(1.5);
  });

  it('should run a quantized small model on a CPU instance with llama.cpp', () => {
    const r = estimate({ ...base, precision: 'q4_k_m', hardware: { instanceType: 'c7g.2xlarge' } }, deps);
    expect(r.fits).toBe(true);
    expect(r.assumptions.engine).toBe('llama.cpp');
    expect(r.inference?.decodeTokensPerSecond).toBeGreaterThan(5);
  });
});

describe('Function: estimate (training)', () => {
  it('should scale tokens per second with devices and report device-hours', () => {
    const req = (count: number): EstimateRequest => ({
      model: 'llama-3.1-8b',
      hardware: { accelerator: 'h100', count },
      workload: { kind: 'training', tokens: 1e10 },
    });
    const a = estimate(req(8), deps).training;
    const b = estimate(req(16), deps).training;
    expect(b?.tokensPerSecond).toBeCloseTo(2 * (a?.tokensPerSecond ?? 0), 0);
    expect(b?.deviceHours).toBeCloseTo(a?.deviceHours ?? 0, 0);
  });

  it('should warn when training spreads over instances without a cluster network', () => {
    const over = (instanceType: string) =>
      estimate(
        {
          model: 'llama-3.1-8b',
          hardware: { instanceType, count: 16 },
          workload: { kind: 'training', tokens: 1e9 },
        },
        deps,
      ).notes.join(' ');
    expect(over('g6e.xlarge')).toMatch(/gradient traffic is not hidden/);
    expect(over('p5.48xlarge')).not.toMatch(/gradient traffic/);
  });

  it('should choose the lowest ZeRO stage that fits', () => {
    const r = estimate(
      {
        model: 'llama-3.1-8b',
        hardware: { accelerator: 'a100-80gb', count: 8 },
        workload: { kind: 'training', tokens: 1e9 },
      },
      deps,
    );
    expect(r.fits).toBe(true);
    expect(r.assumptions.zeroStage).toBeGreaterThanOrEqual(1);
  });
});

describe('Function: estimate (input errors)', () => {
  it.each([
    ['an unknown preset', { ...base, model: 'gpt-9' }, '/model'],
    [
      'an unknown instance type',
      { ...base, hardware: { instanceType: 'x9.huge' } },
      '/hardware/instanceType',
    ],
    ['an engine that does not run on the hardware', { ...base, engine: 'neuron' }, '/engine'],
    ['llama.cpp with AWQ weights', { ...base, engine: 'llama.cpp', precision: 'int4' }, '/precision'],
    [
      'tensor parallelism over more devices than given',
      { ...base, parallelism: { tensor: 2 } },
      '/parallelism/tensor',
    ],
    [
      'training on Inferentia',
      {
        ...base,
        hardware: { accelerator: 'inferentia2', count: 1 },
        workload: { kind: 'training', tokens: 1e9 },
      },
      '/hardware',
    ],
  ] as [string, EstimateRequest, string][])('should reject %s with a pointer', (_name, req, pointer) => {
    expect(() => estimate(req, deps)).toThrow(InputError);
    try {
      estimate(req, deps);
    } catch (e) {
      expect((e as InputError).pointer).toBe(pointer);
    }
  });
});
