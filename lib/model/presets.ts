/**
 * Model presets: numbers from each model's published configuration (config.json on its official
 * repository) and parameter counts from its model card.
 */
import { type ModelArchitecture, type ResolvedModel, resolveModel } from './architecture.js';

export interface ModelPreset {
  id: string;
  architecture: ModelArchitecture & { name: string; parameters: number };
  source: string;
}

export const modelPresets: readonly ModelPreset[] = [
  {
    id: 'llama-3.2-1b',
    architecture: {
      name: 'Llama 3.2 1B',
      parameters: 1.24e9,
      layers: 16,
      hiddenSize: 2048,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 64,
      intermediateSize: 8192,
      vocabSize: 128_256,
      maxContextTokens: 131_072,
      tiedEmbeddings: true,
    },
    source: 'meta-llama/Llama-3.2-1B config.json (tie_word_embeddings: true)',
  },
  {
    id: 'llama-3.2-3b',
    architecture: {
      name: 'Llama 3.2 3B',
      parameters: 3.21e9,
      layers: 28,
      hiddenSize: 3072,
      attentionHeads: 24,
      kvHeads: 8,
      headDim: 128,
      intermediateSize: 8192,
      vocabSize: 128_256,
      maxContextTokens: 131_072,
      tiedEmbeddings: true,
    },
    source: 'meta-llama/Llama-3.2-3B config.json (tie_word_embeddings: true)',
  },
  {
    id: 'llama-3.1-8b',
    architecture: {
      name: 'Llama 3.1 8B',
      parameters: 8.03e9,
      layers: 32,
      hiddenSize: 4096,
      attentionHeads: 32,
      kvHeads: 8,
      intermediateSize: 14_336,
      vocabSize: 128_256,
      maxContextTokens: 131_072,
    },
    source: 'meta-llama/Llama-3.1-8B config.json',
  },
  {
    id: 'llama-3.1-70b',
    architecture: {
      name: 'Llama 3.1 70B',
      parameters: 70.6e9,
      layers: 80,
      hiddenSize: 8192,
      attentionHeads: 64,
      kvHeads: 8,
      intermediateSize: 28_672,
      vocabSize: 128_256,
      maxContextTokens: 131_072,
    },
    source: 'meta-llama/Llama-3.1-70B config.json',
  },
  {
    id: 'llama-3.1-405b',
    architecture: {
      name: 'Llama 3.1 405B',
      parameters: 405.9e9,
      layers: 126,
      hiddenSize: 16_384,
      attentionHeads: 128,
      kvHeads: 8,
      intermediateSize: 53_248,
      vocabSize: 128_256,
      maxContextTokens: 131_072,
    },
    source: 'meta-llama/Llama-3.1-405B config.json',
  },
  {
    id: 'mistral-7b',
    architecture: {
      name: 'Mistral 7B v0.1',
      parameters: 7.24e9,
      layers: 32,
      hiddenSize: 4096,
      attentionHeads: 32,
      kvHeads: 8,
      intermediateSize: 14_336,
      vocabSize: 32_000,
      maxContextTokens: 32_768,
      slidingWindowTokens: 4096,
      slidingWindowLayers: 32,
    },
    source: 'mistralai/Mistral-7B-v0.1 config.json (sliding_window: 4096 on every layer)',
  },
  {
    id: 'mixtral-8x7b',
    architecture: {
      name: 'Mixtral 8x7B',
      parameters: 46.7e9,
      activeParameters: 12.9e9,
      layers: 32,
      hiddenSize: 4096,
      attentionHeads: 32,
      kvHeads: 8,
      intermediateSize: 14_336,
      vocabSize: 32_000,
      maxContextTokens: 32_768,
      experts: 8,
      expertsPerToken: 2,
    },
    source: 'mistralai/Mixtral-8x7B-v0.1 config.json; 46.7B total, 12.9B active (Mistral AI announcement)',
  },
  {
    id: 'qwen2.5-7b',
    architecture: {
      name: 'Qwen2.5 7B',
      parameters: 7.62e9,
      layers: 28,
      hiddenSize: 3584,
      attentionHeads: 28,
      kvHeads: 4,
      intermediateSize: 18_944,
      vocabSize: 152_064,
      maxContextTokens: 131_072,
    },
    source: 'Qwen/Qwen2.5-7B config.json; 7.61B parameters (model card)',
  },
  {
    id: 'qwen2.5-72b',
    architecture: {
      name: 'Qwen2.5 72B',
      parameters: 72.7e9,
      layers: 80,
      hiddenSize: 8192,
      attentionHeads: 64,
      kvHeads: 8,
      intermediateSize: 29_568,
      vocabSize: 152_064,
      maxContextTokens: 131_072,
    },
    source: 'Qwen/Qwen2.5-72B config.json; 72.7B parameters (model card)',
  },
  {
    id: 'gemma-2-9b',
    architecture: {
      name: 'Gemma 2 9B',
      parameters: 9.24e9,
      layers: 42,
      hiddenSize: 3584,
      attentionHeads: 16,
      kvHeads: 8,
      headDim: 256,
      intermediateSize: 14_336,
      vocabSize: 256_000,
      maxContextTokens: 8192,
      slidingWindowTokens: 4096,
      slidingWindowLayers: 21,
      tiedEmbeddings: true,
    },
    source: 'google/gemma-2-9b config.json (head_dim 256; local/global attention alternate, window 4096)',
  },
  {
    id: 'gemma-2-27b',
    architecture: {
      name: 'Gemma 2 27B',
      parameters: 27.2e9,
      layers: 46,
      hiddenSize: 4608,
      attentionHeads: 32,
      kvHeads: 16,
      headDim: 128,
      intermediateSize: 36_864,
      vocabSize: 256_000,
      maxContextTokens: 8192,
      slidingWindowTokens: 4096,
      slidingWindowLayers: 23,
      tiedEmbeddings: true,
    },
    source:
      'google/gemma-2-27b config.json (head_dim 128, not 4608/32 = 144; window 4096 on alternate layers)',
  },
  {
    id: 'phi-3-mini',
    architecture: {
      name: 'Phi-3 mini 4K',
      parameters: 3.82e9,
      layers: 32,
      hiddenSize: 3072,
      attentionHeads: 32,
      kvHeads: 32,
      intermediateSize: 8192,
      vocabSize: 32_064,
      maxContextTokens: 4096,
    },
    source: 'microsoft/Phi-3-mini-4k-instruct config.json; 3.8B parameters',
  },
  {
    id: 'deepseek-v3',
    architecture: {
      name: 'DeepSeek-V3',
      parameters: 671e9,
      activeParameters: 37e9,
      layers: 61,
      hiddenSize: 7168,
      attentionHeads: 128,
      headDim: 128,
      intermediateSize: 2048,
      vocabSize: 129_280,
      maxContextTokens: 163_840,
      experts: 256,
      expertsPerToken: 8,
      // MLA caches the compressed KV latent (kv_lora_rank 512) plus the decoupled RoPE key (64).
      kvLatentDim: 576,
    },
    source:
      'deepseek-ai/DeepSeek-V3 config.json (kv_lora_rank 512, qk_rope_head_dim 64); 671B total, 37B active',
  },
];

const byId = new Map<string, ModelPreset>(modelPresets.map((p) => [p.id, p]));

export function findModelPreset(id: string): ModelPreset | undefined {
  return byId.get(id.toLowerCase());
}

/** What makes two models the same network: every shape the estimates read. */
const shapeKey = (m: ResolvedModel) =>
  [
    m.layers,
    m.hiddenSize,
    m.attentionHeads,
    m.kvHeads,
    m.headDim,
    m.intermediateSize,
    m.vocabSize,
    m.experts,
    m.expertsPerToken,
    m.kvLatentDim,
    m.slidingWindowTokens,
    m.slidingWindowLayers,
    m.tiedEmbeddings,
  ].join('/');

let byShape: Map<string, ModelPreset> | undefined;

/**
 * The preset with exactly these shapes, if any: a Hugging Face config.json of a preset model (or of
 * a fine-tune of it, which has the same network and the same speed).
 */
export function presetWithShapes(model: ResolvedModel): ModelPreset | undefined {
  byShape ??= new Map(modelPresets.map((p) => [shapeKey(resolveModel(p.architecture, p.id)), p]));
  return byShape.get(shapeKey(model));
}
