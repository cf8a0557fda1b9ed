import { describe, expect, it } from 'vitest';
import {
  BYTES_PER_GIB,
  bytesPerWeight,
  deriveParameterCount,
  findModelPreset,
  kvCacheBytes,
  kvCacheBytesPerToken,
  modelPresets,
  parametersReadPerStep,
  resolveModel,
} from '../../lib/model/index.js';

const KiB = 1024;

/** Llama-2-7B, as its config.json and model card give it. */
const llama2_7b = {
  name: 'Llama-2-7B',
  parameters: 6.74e9,
  layers: 32,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 32,
  intermediateSize: 11_008,
  vocabSize: 32_000,
};

const preset = (id: string) => {
  const p = findModelPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return resolveModel(p.architecture, p.id);
};

describe('Function: kvCacheBytesPerToken', () => {
  it.each([
    // 2 (K and V) x layers x KV heads x head dim x 2 bytes
    ['Llama-2-7B (32 KV heads)', resolveModel(llama2_7b), 512 * KiB],
    ['Llama-3.1-8B (grouped-query: 8 KV heads)', preset('llama-3.1-8b'), 128 * KiB],
    ['Llama-3.1-70B (80 layers, 8 KV heads)', preset('llama-3.1-70b'), 320 * KiB],
    ['Gemma-2-9B (explicit head dim 256, not 3584/16 = 224)', preset('gemma-2-9b'), 2 * 42 * 8 * 256 * 2],
    ['Gemma-2-27B (head dim 128, not 4608/32 = 144)', preset('gemma-2-27b'), 2 * 46 * 16 * 128 * 2],
    ['DeepSeek-V3 (latent attention: 576 values per layer)', preset('deepseek-v3'), 61 * 576 * 2],
  ])('should give %s in f16', (_name, model, expected) => {
    expect(kvCacheBytesPerToken(model, 2)).toBe(expected);
  });

  it('should give 2 GiB for a 4096-token Llama-2-7B context in f16', () => {
    expect(kvCacheBytes(resolveModel(llama2_7b), 4096, 2)).toBe(2 * BYTES_PER_GIB);
  });

  it('should cap sliding-window layers at the window', () => {
    // Gemma-2-9B: 21 global layers hold all 8192 tokens, 21 local layers hold 4096.
    const gemma = preset('gemma-2-9b');
    const perTokenPerLayer = 2 * 8 * 256 * 2;
    expect(kvCacheBytes(gemma, 8192, 2)).toBe((21 * 8192 + 21 * 4096) * perTokenPerLayer);
    // Below the window every layer holds every token.
    expect(kvCacheBytes(gemma, 1000, 2)).toBe(42 * 1000 * perTokenPerLayer);
  });
});

describe('Function: deriveParameterCount', () => {
  it.each([
    ['Llama-2-7B (untied, 6.74B on its model card)', { ...llama2_7b, parameters: undefined }, 6.74e9],
    [
      'Llama-3.2-1B (tied embeddings, 1.24B)',
      { ...preset('llama-3.2-1b'), parameters: undefined, tiedEmbeddings: true },
      1.24e9,
    ],
    ['Llama-3.1-8B (8.03B)', { ...preset('llama-3.1-8b'), parameters: undefined }, 8.03e9],
  ])('should derive %s from the shapes within 1%%', (_name, arch, expected) => {
    const model = resolveModel(arch);
    expect(model.parametersDerived).toBe(true);
    expect(Math.abs(model.parameters / expected - 1)).toBeLessThan(0.01);
  });

  it('should count tied embeddings once', () => {
    const shapes = {
      layers: 2,
      hiddenSize: 64,
      attentionHeads: 4,
      kvHeads: 4,
      headDim: 16,
      intermediateSize: 128,
      vocabSize: 1000,
    };
    const untied = deriveParameterCount({ ...shapes, tiedEmbeddings: false });
    const tied = deriveParameterCount({ ...shapes, tiedEmbeddings: true });
    expect(untied - tied).toBe(1000 * 64);
  });
});

describe('Function: resolveModel (mixture of experts)', () => {
  it('should read only the active parameters per token at batch 1 and all experts at large batch', () => {
    const mixtral = preset('mixtral-8x7b');
    expect(mixtral.activeParameters).toBe(12.9e9);
    const embedding = 32_000 * 4096;
    expect(parametersReadPerStep(mixtral, 1)).toBeCloseTo(12.9e9 - embedding, -6);
    expect(parametersReadPerStep(mixtral, 10_000)).toBeCloseTo(46.7e9 - embedding, -6);
  });

  it('should derive active parameters from experts when not given', () => {
    const model = resolveModel({ ...llama2_7b, experts: 8, expertsPerToken: 2, parameters: 40e9 });
    const expertParams = 32 * 8 * 3 * 4096 * 11_008;
    expect(model.activeParameters).toBeCloseTo(40e9 - expertParams * (6 / 8), -3);
  });
});

describe('Function: bytesPerWeight', () => {
  it('should give Llama-2-7B Q4_0 weights of about 3.56 GiB (llama.cpp reports 3.56 GiB)', () => {
    const gib = (6.74e9 * bytesPerWeight('q4_0')) / BYTES_PER_GIB;
    expect(gib).toBeGreaterThan(3.49);
    expect(gib).toBeLessThan(3.63);
  });

  it.each([
    ['bf16', 2],
    ['fp8', 1],
    ['q8_0', 8.5 / 8],
    ['nf4', 4.127 / 8],
  ] as const)('should store %s at %d bytes per weight', (precision, bytes) => {
    expect(bytesPerWeight(precision)).toBe(bytes);
  });
});

describe('Presets', () => {
  it('should include every preset the product promises', () => {
    const ids = modelPresets.map((p) => p.id).sort();
    expect(ids).toEqual(
      [
        'deepseek-v3',
        'gemma-2-27b',
        'gemma-2-9b',
        'llama-3.1-405b',
        'llama-3.1-70b',
        'llama-3.1-8b',
        'llama-3.2-1b',
        'llama-3.2-3b',
        'mistral-7b',
        'mixtral-8x7b',
        'phi-3-mini',
        'qwen2.5-72b',
        'qwen2.5-7b',
      ].sort(),
    );
  });

  // The derived count checks the config numbers were copied right (DeepSeek's latent attention and
  // shared experts are outside this formula).
  const checkable = modelPresets.filter((p) => p.id !== 'deepseek-v3').map((p) => [p.id, p] as const);
  it.each(checkable)('%s: stated parameters agree with its shapes', (_id, p) => {
    const derived = resolveModel({ ...p.architecture, parameters: undefined }).parameters;
    expect(Math.abs(derived / p.architecture.parameters - 1)).toBeLessThan(0.03);
  });
});
