/**
 * The physics issue 11 added, stated as the behaviour a user of each kind of hardware would expect
 * (the calibration test checks the numbers against published measurements).
 */
import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { InputError } from '../../lib/contract/errors.js';
import { estimateV1 } from '../../lib/contract/estimates.js';
import type { EstimateRequest, ModelArchitecture } from '../../lib/contract/schemas.js';

const deps = { findInstanceSpec };
const estimate = (req: EstimateRequest) => estimateV1(req, deps);
const one = (inputTokens: number, outputTokens: number) =>
  ({ kind: 'inference', inputTokens, outputTokens, concurrency: 1 }) as const;

describe('Neuron shards over NeuronCores', () => {
  const llama70b = 'llama-3.1-70b';

  it('should accept a tensor degree that does not divide the heads on Neuron, padding them', () => {
    // TP 24 cores on inf2.48xlarge (tensor: 12 chips) for 64 heads: 3 heads per core, 72 in all.
    const r = estimate({
      model: llama70b,
      hardware: { instanceType: 'inf2.48xlarge' },
      parallelism: { tensor: 12 },
      workload: one(1024, 1024),
    });
    expect(r.fits).toBe(true);
    const unpadded = (70.6e9 * 2) / 12 / 2 ** 30;
    expect(r.memory.breakdownGiB.weights).toBeGreaterThan(unpadded);
    expect(r.notes.join(' ')).toMatch(/KV heads are replicated/);
  });

  it('should still refuse such a degree on GPUs', () => {
    expect(() =>
      estimate({
        model: llama70b,
        hardware: { accelerator: 'h100', count: 8 },
        parallelism: { tensor: 6 },
        workload: one(128, 128),
      }),
    ).toThrow(InputError);
  });

  it('should find a large model on inf2.48xlarge bound by its weights, not by collectives', () => {
    const r = estimate({
      model: llama70b,
      hardware: { instanceType: 'inf2.48xlarge' },
      parallelism: { tensor: 12 },
      workload: one(128, 128),
    });
    expect(r.inference?.bottleneck).toBe('memory-bandwidth');
  });

  it('should make decode on Neuron slower the longer the compiled sequence, even with the same prompt', () => {
    const tpot = (outputTokens: number) =>
      estimate({
        model: 'llama-3.1-8b',
        hardware: { instanceType: 'trn1.32xlarge' },
        parallelism: { tensor: 16 },
        workload: one(128, outputTokens),
      }).inference?.timePerOutputTokenMs ?? 0;
    expect(tpot(8064)).toBeGreaterThan(tpot(1024));
  });

  it('should give one chip with two cores collectives between its cores', () => {
    const r = estimate({
      model: 'llama-3.1-8b',
      hardware: { instanceType: 'inf2.xlarge' },
      workload: one(128, 128),
    });
    expect(r.assumptions.collectiveLatencyUs).toBeGreaterThan(0);
  });
});

describe('Mixture of experts', () => {
  const gptOss: ModelArchitecture = {
    name: 'gpt-oss-120b',
    parameters: 116.8e9,
    activeParameters: 5.1e9,
    layers: 36,
    hiddenSize: 2880,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 64,
    intermediateSize: 2880,
    vocabSize: 201_088,
    experts: 128,
    expertsPerToken: 4,
  };
  // A dense model whose weights stream the same bytes per token at batch 1.
  const gptOssAsDense: ModelArchitecture = { ...gptOss, experts: undefined, expertsPerToken: undefined };

  it('should serve a saturated MoE slower than its bytes and FLOPs alone would say', () => {
    const req = (model: ModelArchitecture) => ({
      model,
      precision: 'int4' as const,
      hardware: { accelerator: 'h100' as const, count: 2 },
      parallelism: { tensor: 2 },
      workload: { kind: 'inference' as const, inputTokens: 2000, outputTokens: 100, concurrency: 64 },
    });
    const moe = estimate(req(gptOss)).inference;
    const dense = estimate({
      ...req(gptOssAsDense),
      model: { ...gptOssAsDense, activeParameters: 5.1e9 },
    }).inference;
    expect(moe?.timeToFirstTokenMs ?? 0).toBeGreaterThan(dense?.timeToFirstTokenMs ?? Infinity);
  });

  it('should train a narrow-expert MoE at a lower model-FLOPs utilization than a dense model', () => {
    const work = { kind: 'training', tokens: 1e10, sequenceLength: 4096 } as const;
    const hardware = { accelerator: 'h100', count: 16 } as const;
    const qwen3: ModelArchitecture = {
      name: 'Qwen3-30B-A3B',
      parameters: 30.5e9,
      activeParameters: 3.3e9,
      layers: 48,
      hiddenSize: 2048,
      attentionHeads: 32,
      kvHeads: 4,
      headDim: 128,
      intermediateSize: 768,
      vocabSize: 151_936,
      experts: 128,
      expertsPerToken: 8,
    };
    const moe = estimate({ model: qwen3, hardware, workload: work }).training;
    const dense = estimate({ model: 'llama-3.1-8b', hardware, workload: work }).training;
    expect(moe?.modelFlopsUtilization ?? 1).toBeLessThan((dense?.modelFlopsUtilization ?? 0) / 2);
  });
});

describe('CPU prompt processing and kernel families', () => {
  const graviton = (precision: 'q4_0' | 'q4_k_m', inputTokens: number) =>
    estimate({
      model: 'llama-3.1-8b',
      precision,
      hardware: { instanceType: 'c8g.16xlarge' },
      workload: one(inputTokens, 128),
    });

  it('should decode Q4_0 faster than a k-quant of similar size on Graviton (repacked i8mm kernels)', () => {
    const q40 = graviton('q4_0', 16);
    const q4k = graviton('q4_k_m', 16);
    expect(q40.assumptions.memoryBandwidthEfficiency).toBeGreaterThan(
      q4k.assumptions.memoryBandwidthEfficiency,
    );
    expect(q40.inference?.decodeTokensPerSecond ?? 0).toBeGreaterThan(
      q4k.inference?.decodeTokensPerSecond ?? 0,
    );
  });

  it('should charge a short prompt at least one full pass over the weights', () => {
    const r = graviton('q4_0', 8);
    const decodeStep = r.inference?.timePerOutputTokenMs ?? 0;
    expect(r.inference?.timeToFirstTokenMs ?? 0).toBeGreaterThan(decodeStep);
  });
});

describe('Training with full activation recomputation', () => {
  it('should keep pretraining throughput (larger micro-batches pay for it) but slow down fine-tuning', () => {
    const pretrain = (activationCheckpointing: boolean) =>
      estimate({
        model: 'llama-3.1-8b',
        hardware: { accelerator: 'a100-80gb', count: 8 },
        workload: { kind: 'training', tokens: 1e9, sequenceLength: 4096, activationCheckpointing },
      }).training?.tokensPerSecond ?? 0;
    expect(pretrain(true)).toBeCloseTo(pretrain(false), -2);
    const qlora = estimate({
      model: 'llama-3.1-8b',
      hardware: { accelerator: 'a10g', count: 1 },
      workload: { kind: 'fine-tuning', method: 'qlora', tokens: 1e7 },
    });
    expect(qlora.assumptions.activationCheckpointing).toBe(true);
    expect(qlora.training?.modelFlopsUtilization ?? 1).toBeLessThan(qlora.assumptions.computeEfficiency);
  });
});
