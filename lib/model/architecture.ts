/**
 * Transformer arithmetic (DESIGN §5): parameter counts, KV cache size and FLOPs, from the shapes.
 *
 * The traps other calculators fall into are handled here once: grouped-query attention (kvHeads),
 * an explicit head dim (Gemma-2 uses 256, not hidden/heads), tied embeddings, sliding-window layers
 * (they cache at most the window), mixture-of-experts total vs active parameters, and multi-head
 * latent attention (DeepSeek caches one compressed latent per token per layer).
 */

/** A model as its config describes it (DESIGN §4 `ModelArchitecture`): what the caller gives. */
export interface ModelArchitecture {
  name?: string;
  /** Total parameters; derived from the shapes when omitted. */
  parameters?: number;
  /** Mixture-of-experts: parameters used per token. */
  activeParameters?: number;
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  /** Default attentionHeads; fewer means grouped-query attention. */
  kvHeads?: number;
  /** Default hiddenSize / attentionHeads. */
  headDim?: number;
  intermediateSize?: number;
  vocabSize?: number;
  maxContextTokens?: number;
  experts?: number;
  expertsPerToken?: number;
  /** Multi-head latent attention: cached values per token per layer. */
  kvLatentDim?: number;
  /** Window of the sliding-window attention layers. */
  slidingWindowTokens?: number;
  /** How many layers use the window. */
  slidingWindowLayers?: number;
  /** Input and output embeddings share one matrix. */
  tiedEmbeddings?: boolean;
}

/** An architecture with every derived quantity filled in. */
export interface ResolvedModel {
  id: string;
  name: string;
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  intermediateSize: number;
  vocabSize?: number;
  maxContextTokens?: number;
  parameters: number;
  /** Parameters one token passes through (equals `parameters` for dense models). */
  activeParameters: number;
  experts?: number;
  expertsPerToken?: number;
  /** Parameters held in routed experts (0 for dense models). */
  expertParameters: number;
  kvLatentDim?: number;
  slidingWindowTokens?: number;
  slidingWindowLayers: number;
  tiedEmbeddings: boolean;
  /** True when `parameters` was derived from the shapes rather than given. */
  parametersDerived: boolean;
}

const attentionParametersPerLayer = (h: number, heads: number, kvHeads: number, d: number) =>
  h * heads * d + 2 * h * kvHeads * d + heads * d * h;

/** A gated MLP (SwiGLU/GeGLU: gate, up, down) has three h x f matrices. */
const mlpParametersPerLayer = (h: number, f: number) => 3 * h * f;

/** Parameters from the shapes: attention + MLP (x experts) per layer, norms, embeddings (x2 when untied). */
export function deriveParameterCount(
  a: Pick<
    ResolvedModel,
    | 'layers'
    | 'hiddenSize'
    | 'attentionHeads'
    | 'kvHeads'
    | 'headDim'
    | 'intermediateSize'
    | 'experts'
    | 'tiedEmbeddings'
  > & { vocabSize: number },
): number {
  const h = a.hiddenSize;
  const perLayer =
    attentionParametersPerLayer(h, a.attentionHeads, a.kvHeads, a.headDim) +
    mlpParametersPerLayer(h, a.intermediateSize) * (a.experts ?? 1) +
    (a.experts ? h * a.experts : 0) + // router
    2 * h; // norms
  return a.layers * perLayer + a.vocabSize * h * (a.tiedEmbeddings ? 1 : 2) + h;
}

/** Input and output embedding matrices (one when tied); 0 when the vocabulary is not given. */
export function embeddingParameters(a: ModelArchitecture): number {
  return a.vocabSize === undefined ? 0 : a.vocabSize * a.hiddenSize * (a.tiedEmbeddings ? 1 : 2);
}

/** Q, K, V and O projections of every layer; 0 for latent attention (low-rank, not these shapes). */
export function attentionParameters(a: ModelArchitecture): number {
  if (a.kvLatentDim !== undefined) return 0;
  const d = a.headDim ?? a.hiddenSize / a.attentionHeads;
  const kvHeads = a.kvHeads ?? a.attentionHeads;
  return a.layers * (2 * a.hiddenSize * a.attentionHeads * d + 2 * a.hiddenSize * kvHeads * d);
}

/**
 * Parameters every token passes through, whatever the routing: a floor under total and active
 * counts (lib/model/consistency.ts refuses counts below it). Loose on purpose: no MLP, biases or norms.
 */
export function everyTokenParameterFloor(a: ModelArchitecture): number {
  return embeddingParameters(a) + attentionParameters(a);
}

/** Fill in what the caller left out. `parameters` given by the caller always wins. */
export function resolveModel(arch: ModelArchitecture, id = arch.name ?? 'custom'): ResolvedModel {
  const headDim = arch.headDim ?? arch.hiddenSize / arch.attentionHeads;
  const kvHeads = arch.kvHeads ?? arch.attentionHeads;
  // Llama's ratio: a gated MLP of about 8/3 h, rounded as the Llama code does.
  const intermediateSize = arch.intermediateSize ?? Math.ceil((8 * arch.hiddenSize) / 3 / 256) * 256;
  const tiedEmbeddings = arch.tiedEmbeddings ?? false;
  const parametersDerived = arch.parameters === undefined;
  const parameters =
    arch.parameters ??
    deriveParameterCount({
      layers: arch.layers,
      hiddenSize: arch.hiddenSize,
      attentionHeads: arch.attentionHeads,
      kvHeads,
      headDim,
      intermediateSize,
      vocabSize: arch.vocabSize ?? 32_000,
      experts: arch.experts,
      tiedEmbeddings,
    });

  let expertParameters = 0;
  let activeParameters = parameters;
  if (arch.experts && arch.expertsPerToken) {
    const share = arch.expertsPerToken / arch.experts;
    if (arch.activeParameters !== undefined) {
      // N_a = N_shared + share x E_params and N = N_shared + E_params.
      expertParameters = share < 1 ? (parameters - arch.activeParameters) / (1 - share) : 0;
      activeParameters = arch.activeParameters;
    } else {
      // What the shapes give for the experts, but never more than the total leaves beside the
      // embeddings and attention every token uses (a given total below the shapes' experts).
      expertParameters = Math.max(
        0,
        Math.min(
          parameters - everyTokenParameterFloor(arch),
          arch.layers * arch.experts * mlpParametersPerLayer(arch.hiddenSize, intermediateSize),
        ),
      );
      activeParameters = parameters - expertParameters * (1 - share);
    }
  } else if (arch.activeParameters !== undefined) {
    activeParameters = arch.activeParameters;
  }

  return {
    id,
    name: arch.name ?? id,
    layers: arch.layers,
    hiddenSize: arch.hiddenSize,
    attentionHeads: arch.attentionHeads,
    kvHeads,
    headDim,
    intermediateSize,
    vocabSize: arch.vocabSize,
    maxContextTokens: arch.maxContextTokens,
    parameters,
    activeParameters,
    experts: arch.experts,
    expertsPerToken: arch.expertsPerToken,
    expertParameters,
    kvLatentDim: arch.kvLatentDim,
    slidingWindowTokens: arch.slidingWindowTokens,
    slidingWindowLayers: arch.slidingWindowTokens ? (arch.slidingWindowLayers ?? arch.layers) : 0,
    tiedEmbeddings,
    parametersDerived,
  };
}

/** Cached elements per token per layer: K and V for each KV head, or one latent vector (MLA). */
function kvElementsPerTokenPerLayer(m: ResolvedModel): number {
  return m.kvLatentDim ?? 2 * m.kvHeads * m.headDim;
}

/**
 * KV cache bytes per token for a full-attention context (DESIGN §5: 2·L·K·d·c, or L·latent·c).
 * Llama-2-7B in f16: 2·32·32·128·2 = 512 KiB; Llama-3.1-8B (8 KV heads): 128 KiB.
 */
export function kvCacheBytesPerToken(m: ResolvedModel, bytesPerElement: number): number {
  return m.layers * kvElementsPerTokenPerLayer(m) * bytesPerElement;
}

/** KV cache bytes for one sequence of `contextTokens`: sliding-window layers hold at most the window. */
export function kvCacheBytes(m: ResolvedModel, contextTokens: number, bytesPerElement: number): number {
  const window = m.slidingWindowTokens ?? contextTokens;
  const fullLayers = m.layers - m.slidingWindowLayers;
  const cachedTokenLayers =
    fullLayers * contextTokens + m.slidingWindowLayers * Math.min(window, contextTokens);
  return cachedTokenLayers * kvElementsPerTokenPerLayer(m) * bytesPerElement;
}

/** How many devices the KV heads can be split over: beyond kvHeads, heads are replicated (MLA: none). */
export function kvShardingDegree(m: ResolvedModel, tensorParallel: number): number {
  if (m.kvLatentDim) return 1;
  return Math.min(tensorParallel, m.kvHeads);
}

/** Input-embedding parameters: looked up one row per token, never streamed whole (0 when tied to the output head). */
export function inputEmbeddingParameters(m: ResolvedModel): number {
  return m.tiedEmbeddings || !m.vocabSize ? 0 : m.vocabSize * m.hiddenSize;
}

/**
 * Parameters whose weights a forward step over `tokens` tokens must read from memory. For a
 * mixture of experts, a layer reads only the experts its tokens were routed to: with uniform
 * routing the expected share of experts hit is 1 − (1 − k/E)^tokens.
 */
export function parametersReadPerStep(m: ResolvedModel, tokens: number): number {
  const base = m.parameters - inputEmbeddingParameters(m);
  if (!m.experts || !m.expertsPerToken || m.expertParameters === 0) return base;
  const share = m.expertsPerToken / m.experts;
  const hit = 1 - (1 - share) ** Math.max(1, tokens);
  return base - m.expertParameters * (1 - hit);
}

/** Matmul FLOPs per token through the weights: 2 per active parameter (the embedding lookup is free). */
export function weightFlopsPerToken(m: ResolvedModel): number {
  return 2 * (m.activeParameters - inputEmbeddingParameters(m));
}

/** Attention score and value FLOPs for one new token attending to `contextTokens` cached tokens. */
export function decodeAttentionFlops(m: ResolvedModel, contextTokens: number): number {
  const window = m.slidingWindowTokens ?? contextTokens;
  const fullLayers = m.layers - m.slidingWindowLayers;
  const tokenLayers = fullLayers * contextTokens + m.slidingWindowLayers * Math.min(window, contextTokens);
  return 4 * m.attentionHeads * m.headDim * tokenLayers;
}

/** Causal attention FLOPs of a forward pass over a prompt of `s` tokens (QKᵀ and AV). */
export function prefillAttentionFlops(m: ResolvedModel, s: number): number {
  const perFullLayer = 2 * s * s * m.attentionHeads * m.headDim;
  const w = Math.min(m.slidingWindowTokens ?? s, s);
  const perWindowLayer = 4 * m.attentionHeads * m.headDim * (w * s - (w * w) / 2);
  return (m.layers - m.slidingWindowLayers) * perFullLayer + m.slidingWindowLayers * perWindowLayer;
}

/** LoRA adapter parameters at `rank` on every linear layer (q, k, v, o, gate, up, down; per expert). */
export function loraParameters(m: ResolvedModel, rank: number): number {
  const h = m.hiddenSize;
  const q = m.attentionHeads * m.headDim;
  const kv = m.kvHeads * m.headDim;
  const attention = h + q + 2 * (h + kv) + (q + h);
  const mlp = 3 * (h + m.intermediateSize) * (m.experts ?? 1);
  return rank * m.layers * (attention + mlp);
}
