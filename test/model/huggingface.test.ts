/**
 * The Hugging Face config.json mapping, on the real files of the presets' models (fixtures in
 * test/model/huggingface/, provenance in its SOURCES.md) and on inline configs for the rules those
 * files do not exercise.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { architectureFromHuggingFace } from '../../lib/model/huggingface.js';
import { findModelPreset, resolveModel } from '../../lib/model/index.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./huggingface/${name}.config.json`, import.meta.url), 'utf8'));

const mapped = (config: unknown) => {
  const result = architectureFromHuggingFace(config);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.architecture;
};

/** The numbers the estimator reads, after defaults: what "the same architecture" means. */
const architectureNumbers = [
  'layers',
  'hiddenSize',
  'attentionHeads',
  'kvHeads',
  'headDim',
  'intermediateSize',
  'vocabSize',
  'maxContextTokens',
  'experts',
  'expertsPerToken',
  'kvLatentDim',
  'slidingWindowTokens',
  'slidingWindowLayers',
  'tiedEmbeddings',
] as const;

describe('Function: architectureFromHuggingFace', () => {
  describe('on the presets\u2019 own config.json files', () => {
    it.each([
      // preset id, fixture, how close the counted parameters come to the published count
      ['llama-3.2-1b', 'llama-3.2-1b', 0.005],
      ['llama-3.2-3b', 'llama-3.2-3b', 0.005],
      ['llama-3.1-8b', 'llama-3.1-8b', 0.005],
      ['qwen2.5-7b', 'qwen2.5-7b', 0.005],
      ['gemma-2-9b', 'gemma-2-9b', 0.005],
    ])('should give %s the preset\u2019s architecture numbers', (presetId, file, tolerance) => {
      // Prepare
      const preset = findModelPreset(presetId);
      if (!preset) throw new Error(`no preset ${presetId}`);

      // Act
      const architecture = mapped(fixture(file));

      // Assess
      const fromConfig = resolveModel(architecture);
      const fromPreset = resolveModel(preset.architecture);
      for (const key of architectureNumbers) expect([key, fromConfig[key]]).toEqual([key, fromPreset[key]]);
      // config.json has no parameter count: it is counted from the shapes.
      expect(Math.abs(architecture.parameters / preset.architecture.parameters - 1)).toBeLessThan(tolerance);
    });

    it('should read Gemma 2\u2019s alternating local layers and its tied embeddings default', () => {
      const architecture = mapped(fixture('gemma-2-9b'));
      expect(architecture).toMatchObject({
        slidingWindowTokens: 4096,
        slidingWindowLayers: 21,
        tiedEmbeddings: true,
      });
    });

    it('should ignore Qwen2\u2019s window when use_sliding_window is false', () => {
      expect(mapped(fixture('qwen2.5-7b')).slidingWindowTokens).toBeUndefined();
    });
  });

  describe('on the rules the fixtures do not exercise', () => {
    const llamaLike = {
      model_type: 'llama',
      num_hidden_layers: 32,
      hidden_size: 4096,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      intermediate_size: 14336,
      vocab_size: 32000,
      max_position_embeddings: 32768,
    };

    it('should map Mixtral\u2019s experts (num_local_experts) and count 46.7B total, 12.9B active', () => {
      const architecture = mapped({
        ...llamaLike,
        model_type: 'mixtral',
        num_local_experts: 8,
        num_experts_per_tok: 2,
        sliding_window: null,
      });
      expect(architecture).toMatchObject({ experts: 8, expertsPerToken: 2, intermediateSize: 14336 });
      expect(architecture.slidingWindowTokens).toBeUndefined();
      // Mistral AI: 46.7B total, 12.9B active.
      expect(architecture.parameters / 46.7e9).toBeCloseTo(1, 2);
      expect((architecture.activeParameters ?? 0) / 12.9e9).toBeCloseTo(1, 1);
    });

    it('should window every layer of Mistral 7B v0.1 (sliding_window without a pattern)', () => {
      const architecture = mapped({ ...llamaLike, model_type: 'mistral', sliding_window: 4096 });
      expect(architecture).toMatchObject({ slidingWindowTokens: 4096, slidingWindowLayers: 32 });
    });

    it('should count the local layers of a layer_types list and of a Gemma 3 pattern', () => {
      const layerTypes = Array.from({ length: 32 }, (_, i) =>
        i % 4 === 3 ? 'full_attention' : 'sliding_attention',
      );
      expect(
        mapped({ ...llamaLike, sliding_window: 1024, layer_types: layerTypes }).slidingWindowLayers,
      ).toBe(24);
      expect(
        mapped({ ...llamaLike, model_type: 'gemma3_text', sliding_window: 1024, sliding_window_pattern: 6 })
          .slidingWindowLayers,
      ).toBe(32 - 5);
    });

    it('should map DeepSeek-V3 (MLA, shared experts, dense first layers) to the preset within 1%', () => {
      // deepseek-ai/DeepSeek-V3 config.json, architecture keys.
      const deepseekV3 = {
        model_type: 'deepseek_v3',
        num_hidden_layers: 61,
        hidden_size: 7168,
        num_attention_heads: 128,
        num_key_value_heads: 128,
        intermediate_size: 18432,
        moe_intermediate_size: 2048,
        vocab_size: 129280,
        max_position_embeddings: 163840,
        n_routed_experts: 256,
        n_shared_experts: 1,
        num_experts_per_tok: 8,
        first_k_dense_replace: 3,
        q_lora_rank: 1536,
        kv_lora_rank: 512,
        qk_nope_head_dim: 128,
        qk_rope_head_dim: 64,
        v_head_dim: 128,
        tie_word_embeddings: false,
      };
      const preset = findModelPreset('deepseek-v3');
      const architecture = mapped(deepseekV3);
      const fromPreset = resolveModel(
        preset?.architecture ?? { layers: 1, hiddenSize: 1, attentionHeads: 1 },
      );
      const fromConfig = resolveModel(architecture);
      for (const key of architectureNumbers) expect([key, fromConfig[key]]).toEqual([key, fromPreset[key]]);
      expect(architecture.parameters / 671e9).toBeCloseTo(1, 2);
      expect((architecture.activeParameters ?? 0) / 37e9).toBeCloseTo(1, 1);
    });

    it('should read the language model of a multimodal config from text_config', () => {
      const architecture = mapped({ model_type: 'llava', text_config: llamaLike, vision_config: {} });
      expect(architecture).toMatchObject({ layers: 32, hiddenSize: 4096, kvHeads: 8 });
    });
  });

  describe('on incomplete or invalid configs', () => {
    it('should name every missing key, with its path', () => {
      const result = architectureFromHuggingFace({ model_type: 'llama', hidden_size: 4096 });
      expect(result).toEqual({
        ok: false,
        issues: [
          { path: ['num_hidden_layers'], message: 'missing: the number of layers' },
          { path: ['num_attention_heads'], message: 'missing: the number of attention heads' },
          { path: ['vocab_size'], message: 'missing: the vocabulary size' },
          { path: ['intermediate_size'], message: 'missing: the MLP (feed-forward) size' },
        ],
      });
    });

    it('should point inside text_config when the config nests one', () => {
      const result = architectureFromHuggingFace({ text_config: { hidden_size: 8, num_hidden_layers: 2 } });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.issues.map((i) => i.path.join('/'))).toEqual([
        'text_config/num_attention_heads',
        'text_config/vocab_size',
        'text_config/intermediate_size',
      ]);
    });

    it('should refuse a value that is not a positive whole number', () => {
      const result = architectureFromHuggingFace({
        num_hidden_layers: '32',
        hidden_size: 4096,
        num_attention_heads: 0,
        intermediate_size: 1,
        vocab_size: 10,
      });
      expect(!result.ok && result.issues).toEqual([
        { path: ['num_hidden_layers'], message: 'the number of layers must be a positive whole number' },
        {
          path: ['num_attention_heads'],
          message: 'the number of attention heads must be a positive whole number',
        },
      ]);
    });

    it('should ask for num_experts_per_tok when a config has experts', () => {
      const result = architectureFromHuggingFace({
        num_hidden_layers: 2,
        hidden_size: 8,
        num_attention_heads: 2,
        intermediate_size: 8,
        vocab_size: 10,
        num_experts: 4,
      });
      expect(!result.ok && result.issues).toEqual([
        { path: ['num_experts_per_tok'], message: 'missing: the experts each token uses' },
      ]);
    });

    it.each([null, [], 'config', 3])('should refuse %j as a config', (value) => {
      expect(architectureFromHuggingFace(value)).toEqual({
        ok: false,
        issues: [{ path: [], message: 'a config.json object is expected' }],
      });
    });
  });
});
