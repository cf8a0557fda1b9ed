import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { estimateV1 } from '../../lib/contract/estimates.js';
import type { EstimateRequest } from '../../lib/contract/schemas.js';
import { calibrationLedger } from '../../lib/perf/calibration-ledger.js';
import {
  type CalibrationLedger,
  familyOf,
  typicalErrorFactor,
  UNCALIBRATED_ERROR_FACTOR,
  uncertaintyFor,
} from '../../lib/perf/uncertainty.js';

const deps = { findInstanceSpec };
const chat = { kind: 'inference', inputTokens: 512, outputTokens: 256 } as const;
const estimate = (req: EstimateRequest) => estimateV1(req, deps);

describe('Calibration families', () => {
  it('should file Neuron, MoE, CPU prompts and training in families of their own', () => {
    const inference = { workload: 'inference', moe: false } as const;
    expect(familyOf({ ...inference, hardwareClass: 'neuron', phase: 'decode' })).toBe('neuron-decode');
    expect(familyOf({ ...inference, hardwareClass: 'datacenter-gpu', phase: 'decode' })).toBe('gpu-decode');
    expect(familyOf({ ...inference, hardwareClass: 'pcie-gpu', phase: 'throughput' })).toBe('gpu-throughput');
    expect(familyOf({ ...inference, moe: true, hardwareClass: 'datacenter-gpu', phase: 'throughput' })).toBe(
      'moe-throughput',
    );
    expect(familyOf({ ...inference, hardwareClass: 'cpu', phase: 'prefill' })).toBe('cpu-prefill');
    expect(familyOf({ ...inference, hardwareClass: 'cpu', phase: 'memory' })).toBe('memory');
    const training = { workload: 'training', phase: 'training' } as const;
    expect(familyOf({ ...training, hardwareClass: 'datacenter-gpu', moe: false })).toBe('training-dense');
    expect(familyOf({ ...training, hardwareClass: 'datacenter-gpu', moe: true })).toBe('training-moe');
    expect(familyOf({ ...training, hardwareClass: 'neuron', moe: false })).toBe('training-neuron');
    expect(
      familyOf({ hardwareClass: 'pcie-gpu', moe: false, workload: 'fine-tuning', phase: 'training' }),
    ).toBe('fine-tuning');
    expect(familyOf({ hardwareClass: 'cpu', moe: false, workload: 'fine-tuning', phase: 'training' })).toBe(
      'fine-tuning-cpu',
    );
    expect(familyOf({ ...training, hardwareClass: 'cpu', moe: false })).toBe('training-cpu');
  });

  it('should give a family without published cases the uncalibrated prior and say it rests on none', () => {
    const empty: CalibrationLedger = { ...calibrationLedger, families: [] };
    const u = uncertaintyFor(
      { hardwareClass: 'cpu', moe: true, workload: 'inference', phase: 'throughput' },
      empty,
    );
    expect(u).toEqual({ family: 'cpu-throughput', typicalErrorFactor: UNCALIBRATED_ERROR_FACTOR, cases: 0 });
  });

  it('should trust a family more the more cases agree with it, never more than its cases say', () => {
    expect(typicalErrorFactor(0, 1.05)).toBeCloseTo(UNCALIBRATED_ERROR_FACTOR);
    const few = typicalErrorFactor(1, 1.05);
    const many = typicalErrorFactor(20, 1.05);
    expect(many).toBeLessThan(few);
    expect(many).toBeGreaterThan(1.05);
    expect(few).toBeLessThan(UNCALIBRATED_ERROR_FACTOR);
  });
});

describe('Uncertainty in every answer', () => {
  it('should say a Neuron answer is less certain than a dense GPU one, and how many cases back each', () => {
    const gpu = estimate({
      model: 'llama-3.1-8b',
      hardware: { accelerator: 'h100', count: 1 },
      workload: chat,
    });
    const neuron = estimate({
      model: 'llama-3.1-8b',
      hardware: { instanceType: 'inf2.xlarge' },
      workload: chat,
    });
    expect(gpu.uncertainty?.family).toBe('gpu-decode');
    expect(neuron.uncertainty?.family).toBe('neuron-decode');
    expect(neuron.uncertainty?.cases).toBeGreaterThan(0);
    expect(neuron.uncertainty?.typicalErrorFactor).toBeGreaterThan(gpu.uncertainty?.typicalErrorFactor ?? 0);
  });

  it('should file a saturated mixture-of-experts answer under MoE throughput, less certain than dense', () => {
    const max = { ...chat, concurrency: 'max' } as const;
    const moe = estimate({
      model: 'mixtral-8x7b',
      hardware: { accelerator: 'h100', count: 2 },
      workload: max,
    });
    const dense = estimate({
      model: 'llama-3.1-8b',
      hardware: { accelerator: 'h100', count: 1 },
      workload: max,
    });
    expect(moe.uncertainty?.family).toBe('moe-throughput');
    expect(dense.uncertainty?.family).toBe('gpu-throughput');
    expect(moe.uncertainty?.typicalErrorFactor).toBeGreaterThan(dense.uncertainty?.typicalErrorFactor ?? 0);
  });

  it('should call a long prompt with one output token a prefill answer, and training a training one', () => {
    const prompt = estimate({
      model: 'llama-3.1-8b',
      precision: 'q4_0',
      hardware: { instanceType: 'c7g.16xlarge' },
      workload: { kind: 'inference', inputTokens: 2048, outputTokens: 1 },
    });
    expect(prompt.uncertainty?.family).toBe('cpu-prefill');
    const training = estimate({
      model: 'llama-3.1-8b',
      hardware: { accelerator: 'h100', count: 8 },
      workload: { kind: 'training', tokens: 1e9 },
    });
    expect(training.uncertainty?.family).toBe('training-dense');
  });

  it('should say an answer that does not fit is a memory answer', () => {
    const r = estimate({ model: 'llama-3.1-70b', hardware: { accelerator: 'l4', count: 1 }, workload: chat });
    expect(r.fits).toBe(false);
    expect(r.uncertainty?.family).toBe('memory');
  });
});
