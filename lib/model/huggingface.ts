/**
 * A Hugging Face `config.json` as a `ModelArchitecture`: what people have in hand for a model that
 * is not a preset. Pure: the parsed JSON in, the architecture (or one issue per missing or invalid
 * key) out.
 *
 * The keys differ between model families; `transformers` resolves them per class (its
 * `attribute_map`). The aliases below are the ones the common decoder families use. Multimodal
 * configs nest the language model under `text_config`, which is read instead of the top level.
 *
 * `config.json` does not carry a parameter count. It is counted here from the shapes, with what the
 * generic formula of `architecture.ts` does not know: multi-head latent attention projections,
 * dense layers before the first MoE layer, shared experts, ungated MLPs. On the presets' own files
 * the count comes within about 1% of the published figure (see test/model/huggingface.test.ts).
 */
import type { ModelArchitecture } from './architecture.js';

/** One problem with the config, at a key path inside it (e.g. `["text_config", "hidden_size"]`). */
export interface HuggingFaceConfigIssue {
  path: string[];
  message: string;
}

export type HuggingFaceMapping =
  | {
      ok: true;
      architecture: ModelArchitecture & { name: string; parameters: number };
      /** The config key each architecture field was read from, to point errors back at it. */
      sourceKeys: Partial<Record<keyof ModelArchitecture, string[]>>;
    }
  | { ok: false; issues: HuggingFaceConfigIssue[] };

type Config = Record<string, unknown>;

interface Field {
  /** Accepted keys, the usual one first (the one named when it is missing). */
  keys: readonly string[];
  what: string;
}

const fields = {
  layers: { keys: ['num_hidden_layers', 'n_layer', 'num_layers'], what: 'the number of layers' },
  hiddenSize: { keys: ['hidden_size', 'n_embd', 'd_model'], what: 'the hidden size' },
  attentionHeads: {
    keys: ['num_attention_heads', 'n_head', 'num_heads'],
    what: 'the number of attention heads',
  },
  kvHeads: {
    keys: ['num_key_value_heads', 'num_kv_heads', 'n_head_kv', 'multi_query_group_num'],
    what: 'the number of key/value heads',
  },
  headDim: { keys: ['head_dim'], what: 'the head dimension' },
  intermediateSize: {
    keys: ['intermediate_size', 'n_inner', 'ffn_hidden_size'],
    what: 'the MLP (feed-forward) size',
  },
  moeIntermediateSize: { keys: ['moe_intermediate_size'], what: 'the size of one expert' },
  vocabSize: { keys: ['vocab_size', 'padded_vocab_size'], what: 'the vocabulary size' },
  maxContextTokens: {
    keys: ['max_position_embeddings', 'n_positions', 'seq_length'],
    what: 'the context length',
  },
  experts: {
    keys: ['num_local_experts', 'num_experts', 'n_routed_experts', 'moe_num_experts'],
    what: 'the number of experts',
  },
  expertsPerToken: {
    keys: ['num_experts_per_tok', 'num_experts_per_token', 'moe_top_k'],
    what: 'the experts each token uses',
  },
  sharedExperts: { keys: ['n_shared_experts', 'num_shared_experts'], what: 'shared experts' },
  sharedExpertSize: { keys: ['shared_expert_intermediate_size'], what: 'the shared expert size' },
  denseLayers: { keys: ['first_k_dense_replace'], what: 'dense layers before the first MoE layer' },
  kvLoraRank: { keys: ['kv_lora_rank'], what: 'the compressed KV rank' },
  qLoraRank: { keys: ['q_lora_rank'], what: 'the compressed query rank' },
  qkRopeHeadDim: { keys: ['qk_rope_head_dim'], what: 'the rotary part of a query/key head' },
  qkNopeHeadDim: { keys: ['qk_nope_head_dim'], what: 'the non-rotary part of a query/key head' },
  vHeadDim: { keys: ['v_head_dim'], what: 'the value head dimension' },
  slidingWindow: { keys: ['sliding_window', 'sliding_window_size'], what: 'the attention window' },
  maxWindowLayers: { keys: ['max_window_layers'], what: 'layers before the windowed ones' },
  slidingWindowPattern: { keys: ['sliding_window_pattern'], what: 'the local/global layer pattern' },
} as const satisfies Record<string, Field>;

type FieldName = keyof typeof fields;

/** Model types whose MLP has two matrices (up, down) instead of the gated three. */
const ungatedMlpTypes = new Set([
  'gpt2',
  'gpt_neox',
  'gpt_bigcode',
  'falcon',
  'phi',
  'opt',
  'bloom',
  'starcoder2',
]);

/** Model types whose config class ties the embeddings when `tie_word_embeddings` is absent. */
const tiedByDefaultTypes = new Set(['gemma', 'gemma2', 'gemma3', 'gemma3_text', 'gpt2']);

/** Gemma 2 alternates local (even layers) and global attention; its config does not say so. */
const alternatingWindowTypes = new Set(['gemma2']);

const isRecord = (value: unknown): value is Config =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class Reader {
  readonly issues: HuggingFaceConfigIssue[] = [];
  readonly sourceKeys: Partial<Record<keyof ModelArchitecture, string[]>> = {};

  constructor(
    private readonly config: Config,
    private readonly prefix: string[],
  ) {}

  /** The first key of `name` present in the config, or undefined. */
  private present(name: FieldName): string | undefined {
    return fields[name].keys.find((key) => this.config[key] !== undefined && this.config[key] !== null);
  }

  /** A positive whole number, or undefined when absent; an issue when present but not one. */
  count(name: FieldName, { required = false, zeroAllowed = false } = {}): number | undefined {
    const key = this.present(name);
    if (key === undefined) {
      if (required) this.issue(fields[name].keys[0] ?? name, `missing: ${fields[name].what}`);
      return undefined;
    }
    const value = this.config[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
      this.issue(key, `${fields[name].what} must be a ${zeroAllowed ? '' : 'positive '}whole number`);
      return undefined;
    }
    return value;
  }

  /** Remember which key a field came from (for error pointers after validation). */
  from(field: keyof ModelArchitecture, name: FieldName): void {
    const key = this.present(name);
    if (key !== undefined) this.sourceKeys[field] = [...this.prefix, key];
  }

  raw(key: string): unknown {
    return this.config[key];
  }

  issue(key: string, message: string): void {
    this.issues.push({ path: [...this.prefix, key], message });
  }
}

function modelName(config: Config, text: Config): string {
  const candidates = [config._name_or_path, text._name_or_path, config.model_type, text.model_type];
  const architectures = config.architectures;
  if (Array.isArray(architectures)) candidates.splice(1, 0, architectures[0]);
  const name = candidates.find(
    (c): c is string => typeof c === 'string' && c.length > 0 && !c.startsWith('/') && !c.startsWith('.'),
  );
  return (name ?? 'huggingface-config').slice(0, 200);
}

/** How many of `layers` layers use the window, from the family's layer pattern. */
function slidingWindowLayerCount(read: Reader, layers: number, modelType: string): number {
  const layerTypes = read.raw('layer_types');
  if (Array.isArray(layerTypes)) return layerTypes.filter((t) => t === 'sliding_attention').length;
  if (alternatingWindowTypes.has(modelType)) return Math.ceil(layers / 2);
  const pattern = read.count('slidingWindowPattern');
  // Gemma 3: every `pattern`-th layer is global, the others local.
  if (pattern !== undefined) return layers - Math.floor(layers / pattern);
  const maxWindowLayers = read.count('maxWindowLayers', { zeroAllowed: true });
  // Qwen2: with use_sliding_window, the layers from max_window_layers on use the window.
  if (maxWindowLayers !== undefined && read.raw('use_sliding_window') === true) {
    return Math.max(0, layers - maxWindowLayers);
  }
  return layers;
}

/**
 * Maps a parsed `config.json` to the planner's architecture fields.
 *
 * @example
 * const mapping = architectureFromHuggingFace(JSON.parse(readFileSync('config.json', 'utf8')));
 * if (!mapping.ok) for (const i of mapping.issues) console.error(i.path.join('.'), i.message);
 */
export function architectureFromHuggingFace(input: unknown): HuggingFaceMapping {
  if (!isRecord(input)) {
    return { ok: false, issues: [{ path: [], message: 'a config.json object is expected' }] };
  }
  const nested = input.text_config;
  const text = isRecord(nested) ? nested : input;
  const read = new Reader(text, text === input ? [] : ['text_config']);
  const modelType = String(text.model_type ?? input.model_type ?? '');

  const layers = read.count('layers', { required: true });
  const hiddenSize = read.count('hiddenSize', { required: true });
  const attentionHeads = read.count('attentionHeads', { required: true });
  const vocabSize = read.count('vocabSize', { required: true });
  const kvHeads = read.count('kvHeads');
  const maxContextTokens = read.count('maxContextTokens');
  const experts = read.count('experts');
  const isMoe = experts !== undefined && experts > 1;
  const expertsPerToken = isMoe ? read.count('expertsPerToken', { required: true }) : undefined;
  const moeIntermediateSize = isMoe ? read.count('moeIntermediateSize') : undefined;
  const denseIntermediateSize = read.count('intermediateSize', {
    required: moeIntermediateSize === undefined,
  });
  const kvLoraRank = read.count('kvLoraRank');
  const qkRopeHeadDim = read.count('qkRopeHeadDim') ?? 0;
  const headDim = read.count('headDim') ?? (kvLoraRank !== undefined ? read.count('vHeadDim') : undefined);
  const slidingWindow = read.count('slidingWindow');

  if (
    read.issues.length > 0 ||
    layers === undefined ||
    hiddenSize === undefined ||
    attentionHeads === undefined ||
    vocabSize === undefined
  ) {
    return { ok: false, issues: read.issues };
  }

  const intermediateSize = moeIntermediateSize ?? (denseIntermediateSize as number);
  const tieKey = text.tie_word_embeddings ?? input.tie_word_embeddings;
  const tiedEmbeddings = typeof tieKey === 'boolean' ? tieKey : tiedByDefaultTypes.has(modelType);
  const windowApplies =
    slidingWindow !== undefined &&
    read.raw('use_sliding_window') !== false &&
    (maxContextTokens === undefined || slidingWindow < maxContextTokens);
  const slidingWindowLayers = windowApplies ? slidingWindowLayerCount(read, layers, modelType) : 0;

  const counts = parameterCounts(read, {
    layers,
    hiddenSize,
    attentionHeads,
    kvHeads: kvHeads ?? attentionHeads,
    headDim: headDim ?? hiddenSize / attentionHeads,
    vocabSize,
    tiedEmbeddings,
    gated: !ungatedMlpTypes.has(modelType),
    denseIntermediateSize: denseIntermediateSize ?? intermediateSize,
    intermediateSize,
    experts: isMoe ? experts : undefined,
    expertsPerToken,
    kvLoraRank,
    qkRopeHeadDim,
  });

  for (const [field, name] of [
    ['layers', 'layers'],
    ['hiddenSize', 'hiddenSize'],
    ['attentionHeads', 'attentionHeads'],
    ['kvHeads', 'kvHeads'],
    ['headDim', 'headDim'],
    ['vocabSize', 'vocabSize'],
    ['maxContextTokens', 'maxContextTokens'],
    ['experts', 'experts'],
    ['expertsPerToken', 'expertsPerToken'],
    ['kvLatentDim', 'kvLoraRank'],
    ['slidingWindowTokens', 'slidingWindow'],
    ['intermediateSize', moeIntermediateSize !== undefined ? 'moeIntermediateSize' : 'intermediateSize'],
  ] as const) {
    read.from(field, name);
  }

  return {
    ok: true,
    sourceKeys: read.sourceKeys,
    architecture: {
      name: modelName(input, text),
      parameters: counts.parameters,
      ...(isMoe && { activeParameters: counts.activeParameters }),
      layers,
      hiddenSize,
      attentionHeads,
      ...(kvHeads !== undefined && { kvHeads }),
      ...(headDim !== undefined && { headDim }),
      intermediateSize,
      vocabSize,
      ...(maxContextTokens !== undefined && { maxContextTokens }),
      ...(isMoe && { experts, expertsPerToken }),
      ...(kvLoraRank !== undefined && { kvLatentDim: kvLoraRank + qkRopeHeadDim }),
      ...(slidingWindowLayers > 0 && { slidingWindowTokens: slidingWindow, slidingWindowLayers }),
      tiedEmbeddings,
    },
  };
}

interface Shapes {
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  tiedEmbeddings: boolean;
  gated: boolean;
  denseIntermediateSize: number;
  intermediateSize: number;
  experts?: number;
  expertsPerToken?: number;
  kvLoraRank?: number;
  qkRopeHeadDim: number;
}

/** Total and per-token parameters from the shapes (norms included, biases left out: under 0.1%). */
function parameterCounts(read: Reader, s: Shapes): { parameters: number; activeParameters: number } {
  const h = s.hiddenSize;
  const heads = s.attentionHeads;
  let attention: number;
  if (s.kvLoraRank !== undefined) {
    // Multi-head latent attention (DeepSeek-V2/V3): low-rank query and KV projections.
    const nope = read.count('qkNopeHeadDim') ?? s.headDim;
    const v = read.count('vHeadDim') ?? s.headDim;
    const qLoraRank = read.count('qLoraRank');
    const qHead = nope + s.qkRopeHeadDim;
    const query = qLoraRank ? h * qLoraRank + qLoraRank + qLoraRank * heads * qHead : h * heads * qHead;
    const kv = h * (s.kvLoraRank + s.qkRopeHeadDim) + s.kvLoraRank + s.kvLoraRank * heads * (nope + v);
    attention = query + kv + heads * v * h;
  } else {
    attention = h * heads * s.headDim + 2 * h * s.kvHeads * s.headDim + heads * s.headDim * h;
  }
  const mlp = (f: number) => (s.gated ? 3 : 2) * h * f;
  const norms = 2 * h;

  let moeLayers = 0;
  let routedPerLayer = 0;
  let sharedPerLayer = 0;
  if (s.experts !== undefined) {
    moeLayers = s.layers - Math.min(s.layers, read.count('denseLayers', { zeroAllowed: true }) ?? 0);
    routedPerLayer = s.experts * mlp(s.intermediateSize) + h * s.experts; // experts and router
    const sharedSize = read.count('sharedExpertSize');
    const sharedExperts = read.count('sharedExperts', { zeroAllowed: true }) ?? 0;
    sharedPerLayer = sharedSize ? mlp(sharedSize) + h : sharedExperts * mlp(s.intermediateSize);
  }
  const denseLayers = s.layers - moeLayers;
  const parameters =
    s.layers * (attention + norms) +
    denseLayers * mlp(s.denseIntermediateSize) +
    moeLayers * (routedPerLayer + sharedPerLayer) +
    s.vocabSize * h * (s.tiedEmbeddings ? 1 : 2) +
    h;
  const idleShare = s.experts && s.expertsPerToken ? 1 - s.expertsPerToken / s.experts : 0;
  const idleExperts = moeLayers * (s.experts ?? 0) * mlp(s.intermediateSize) * idleShare;
  return { parameters, activeParameters: parameters - idleExperts };
}
