/**
 * The roofline of one forward step (DESIGN §5): the slower of streaming the bytes it reads and
 * doing the FLOPs it needs, plus tensor-parallel collectives and the engine's fixed costs.
 *
 * Three refinements over the plain roofline, each from measurements (see the efficiency tables):
 * - Mixture of experts: the shared part (attention, embeddings, router) and the routed experts are
 *   separate kernels, each bound by its own memory or compute time. Expert weights stream below the
 *   dense bandwidth efficiency, and expert GEMMs run below dense efficiency when the experts are
 *   narrow (routing and permutation work per routed token does not shrink with the expert width).
 * - Neuron: tensor parallelism shards over NeuronCores; attention heads are padded to a multiple of
 *   the cores and KV heads replicated up to one per core; decode attends over the compiled KV window;
 *   collectives take the steps of the chips' topology.
 * - CPUs (llama.cpp): kernel families set the bandwidth and prompt efficiencies, and prompt
 *   processing pays for weight streaming and arithmetic one after the other.
 */
import { headsPerShard } from '../hardware/capabilities.js';
import {
  decodeAttentionFlops,
  kvCacheBytes,
  kvShardingDegree,
  parametersReadPerStep,
  prefillAttentionFlops,
  type ResolvedModel,
  weightFlopsPerToken,
} from '../model/architecture.js';
import type { Precision } from '../model/precisions.js';
import { gbpsToBytesPerSecond, tflopsToFlops } from '../model/units.js';
import {
  type CpuKernelFamily,
  cpuKernelFamily,
  type EfficiencyProfile,
  findNeuronDevice,
  linkProfile,
  type NeuronDevice,
} from './efficiency.js';
import type { Target } from './target.js';

/** Everything fixed for one (model, precision, hardware, engine, parallelism) choice. */
export interface ServingSetup {
  model: ResolvedModel;
  target: Target;
  profile: EfficiencyProfile;
  weightBytesPerParameter: number;
  kvBytesPerElement: number;
  /** Weight-only quantized format (dequantizing kernels). */
  weightOnlyQuantized: boolean;
  /** Peak dense FLOP/s per device for this precision. */
  peakFlops: number;
  tensorParallel: number;
  pipelineParallel: number;
  /** The weight format (selects llama.cpp's CPU kernel family). */
  precision?: Precision;
}

export interface StepTime {
  seconds: number;
  memorySeconds: number;
  computeSeconds: number;
  communicationSeconds: number;
  overheadSeconds: number;
}

/** Bytes of activations moved per token in a collective: 16-bit hidden states. */
const ACTIVATION_BYTES = 2;

/**
 * What a setup implies once, before any step is timed: effective efficiencies, the Neuron layout
 * (padded heads, replicated KV heads) and the mixture-of-experts split.
 */
interface Layout {
  /** The llama.cpp CPU kernel family the weight format runs on, if not the generic kernels. */
  kernelFamily?: CpuKernelFamily;
  memoryBandwidthEfficiency: number;
  prefillComputeEfficiency: number;
  prefillAttentionEfficiency: number;
  /** Bytes per second at which decode attention reads the KV cache. */
  kvBytesPerSecond: number;
  /** Per device, the share of one sequence's KV cache it holds (replicas included). */
  kvShare: number;
  /** Attention heads as laid out over the shards, over the model's heads (Neuron pads). */
  headPadding: number;
  /** Parameters the head padding adds (q and o projections of the padded heads). */
  paddingParameters: number;
  neuron?: NeuronDevice;
  /** Tensor-parallel ranks per device: NeuronCores per chip on Neuron, 1 elsewhere. */
  ranksPerChip: number;
  moe?: {
    /** Routed-expert parameters one token passes through. */
    activeExpertParameters: number;
    /** Expert GEMM efficiency relative to dense: width / (width + half width). */
    gemmFactor: number;
    /** Expert weight streaming relative to dense: bytes / (bytes + the kernel's per-expert cost). */
    streamingFactor: number;
  };
}

/** A kernel's time: the larger of memory and compute where the hardware overlaps them, else both. */
const kernelSeconds = (overlap: boolean, memory: number, compute: number) =>
  overlap ? Math.max(memory, compute) : memory + compute;

/** The layout of a setup, computed once and kept on it (forward passes ask on every step). */
function layoutOf(s: ServingSetup): Layout {
  const setup = s as ServingSetup & { layout?: Layout };
  if (setup.layout) return setup.layout;
  setup.layout = computeLayout(s);
  return setup.layout;
}

function computeLayout(s: ServingSetup): Layout {
  const { model, target, profile } = s;
  const family =
    profile.engine === 'llama.cpp' && target.kind === 'cpu'
      ? cpuKernelFamily(target.cpu, s.precision)
      : undefined;
  const memoryBandwidthEfficiency = family?.memoryBandwidthEfficiency ?? profile.memoryBandwidthEfficiency;
  const prefillComputeEfficiency = family?.prefillComputeEfficiency ?? profile.prefillComputeEfficiency;
  const neuron = target.kind === 'neuron' ? findNeuronDevice(target.accelerator?.id) : undefined;
  const bandwidth = gbpsToBytesPerSecond(target.memoryBandwidthGBps);

  let headPadding = 1;
  let paddingParameters = 0;
  let kvShare = 1 / kvShardingDegree(model, s.tensorParallel);
  let ranksPerChip = 1;
  if (neuron && target.accelerator) {
    // The SDK pads attention heads to a multiple of the NeuronCores and gives every core at least
    // one KV head (replicas beyond the KV heads): the capability table's layout.
    const shard = headsPerShard({
      accelerator: target.accelerator.id,
      tensorDevices: s.tensorParallel,
      attentionHeads: model.attentionHeads,
      kvHeads: model.kvHeads,
    });
    ranksPerChip = shard.ranks / s.tensorParallel;
    headPadding = shard.paddingFactor;
    paddingParameters =
      2 *
      (shard.paddedAttentionHeads - model.attentionHeads) *
      model.headDim *
      model.hiddenSize *
      model.layers;
    if (!model.kvLatentDim) kvShare = shard.kvHeadsPerDevice / model.kvHeads;
  }

  let moe: Layout['moe'];
  if (model.experts && model.expertsPerToken && model.expertParameters > 0) {
    const width = model.intermediateSize / s.tensorParallel;
    const expertBytes =
      (model.expertParameters / model.experts / model.layers) *
      (s.weightBytesPerParameter / s.tensorParallel);
    moe = {
      activeExpertParameters: (model.expertParameters * model.expertsPerToken) / model.experts,
      gemmFactor: width / (width + profile.expertGemmHalfWidth),
      streamingFactor: expertBytes / (expertBytes + profile.expertStreamOverheadMB * 1e6),
    };
  }

  const layout: Layout = {
    kernelFamily: family,
    memoryBandwidthEfficiency,
    prefillComputeEfficiency,
    prefillAttentionEfficiency: Math.min(
      prefillComputeEfficiency,
      neuron?.prefillAttentionEfficiency ?? Number.POSITIVE_INFINITY,
    ),
    kvBytesPerSecond: bandwidth * (neuron?.decodeKvEfficiency ?? memoryBandwidthEfficiency),
    kvShare,
    headPadding,
    paddingParameters,
    neuron,
    ranksPerChip,
    moe,
  };
  return layout;
}

/** The efficiencies a setup runs at (after CPU kernel families), for the estimate's assumptions. */
export function servingEfficiencies(s: ServingSetup): {
  memoryBandwidthEfficiency: number;
  prefillComputeEfficiency: number;
  kernelFamily?: CpuKernelFamily;
} {
  const l = layoutOf(s);
  return {
    memoryBandwidthEfficiency: l.memoryBandwidthEfficiency,
    prefillComputeEfficiency: l.prefillComputeEfficiency,
    kernelFamily: l.kernelFamily,
  };
}

/** Weight bytes one device holds (Neuron's padded heads included). */
export function weightBytesPerDevice(s: ServingSetup): number {
  const l = layoutOf(s);
  return (
    ((s.model.parameters + l.paddingParameters) * s.weightBytesPerParameter) /
    (s.tensorParallel * s.pipelineParallel)
  );
}

/** KV cache bytes one device holds for one sequence of `contextTokens` (replicated heads included). */
export function kvBytesPerDevice(s: ServingSetup, contextTokens: number): number {
  return (
    (kvCacheBytes(s.model, contextTokens, s.kvBytesPerElement) * layoutOf(s).kvShare) / s.pipelineParallel
  );
}

/** Latency and bandwidth of the link the tensor-parallel group uses. */
function tensorParallelLink(s: ServingSetup) {
  const crossesNodes = s.tensorParallel > s.target.devicesPerNode;
  const kind = crossesNodes ? 'network' : s.target.link.kind;
  const bandwidthGBps = crossesNodes ? s.target.networkGBpsPerDevice : s.target.link.bandwidthGBps;
  return { profile: linkProfile(kind), bandwidthGBps, crossesNodes };
}

/** Steps of an all-reduce over `chips` chips of a Neuron topology (reduce-scatter + all-gather). */
function neuronTopologySteps(topology: NeuronDevice['topology'], chips: number): number {
  if (chips <= 1) return 0;
  if (topology === 'ring') return 2 * (chips - 1);
  if (topology === 'hypercube') return 2 * Math.ceil(Math.log2(chips));
  const side = Math.ceil(Math.sqrt(chips));
  return 4 * (side - 1);
}

/** One all-reduce of `bytes` over the tensor-parallel group. */
export function allReduceSeconds(s: ServingSetup, bytes: number): number {
  const n = s.tensorParallel;
  const link = tensorParallelLink(s);
  const { neuron, ranksPerChip } = layoutOf(s);
  if (neuron && !link.crossesNodes) {
    // Neuron shards over cores: even one chip reduces between its cores (through its own HBM).
    if (n * ranksPerChip <= 1) return 0;
    const steps = neuronTopologySteps(neuron.topology, n) + (ranksPerChip > 1 ? 2 : 0);
    const latency = (link.profile.baseLatencyUs + steps * link.profile.hopLatencyUs) / 1e6;
    const transfer =
      n > 1
        ? (bytes * 2 * (n - 1)) /
          n /
          (gbpsToBytesPerSecond(link.bandwidthGBps) * link.profile.bandwidthEfficiency)
        : 0;
    return latency + transfer;
  }
  if (n <= 1) return 0;
  const oneShot = s.profile.oneShotAllReduce && link.profile.kind === 'nvlink';
  const hops = oneShot ? 1 : 2 * (n - 1);
  const latency = (link.profile.baseLatencyUs + hops * link.profile.hopLatencyUs) / 1e6;
  const transfer =
    (bytes * 2 * (n - 1)) / n / (gbpsToBytesPerSecond(link.bandwidthGBps) * link.profile.bandwidthEfficiency);
  return latency + transfer;
}

export function collectiveLatencyUs(s: ServingSetup): number {
  return allReduceSeconds(s, 0) * 1e6;
}

interface Pass {
  /** Sequences in the pass. */
  sequences: number;
  /** New tokens per sequence (1 in decode, the prompt in prefill). */
  newTokens: number;
  /** Tokens already cached per sequence, read by attention (decode). */
  cachedTokens: number;
  /** The sequence's whole context (prompt + output): the window a static-shape engine attends over. */
  windowTokens?: number;
  phase: 'prefill' | 'decode';
}

/** Share of a mixture's experts a step over `tokens` tokens touches (uniform routing). */
function expertsHitShare(model: ResolvedModel, tokens: number): number {
  if (!model.experts || !model.expertsPerToken) return 1;
  return 1 - (1 - model.expertsPerToken / model.experts) ** Math.max(1, tokens);
}

/**
 * Time of one forward pass of a micro-batch through the whole model. With pipeline parallelism the
 * stages run one after another, so the pass takes the sum of the stages: pipelining adds throughput
 * (several micro-batches in flight, see serving), not single-sequence speed.
 */
export function forwardPass(s: ServingSetup, pass: Pass): StepTime {
  const { model, target, profile } = s;
  const l = layoutOf(s);
  // The stages of a pipeline run one after another for a micro-batch, so a whole pass costs what
  // the model costs on one tensor-parallel group: divide by tp only.
  const shards = s.tensorParallel;
  const tokens = pass.sequences * pass.newTokens;
  const prefill = pass.phase === 'prefill';
  const bandwidth = gbpsToBytesPerSecond(target.memoryBandwidthGBps) * l.memoryBandwidthEfficiency;
  const weightEfficiency = s.weightOnlyQuantized ? profile.quantizedWeightEfficiency : 1;
  const weightReads = prefill ? Math.ceil(tokens / profile.prefillChunkTokens) : 1;

  // Weights read: the shared part, and the routed experts the step's tokens were sent to.
  const expertParametersRead = l.moe ? model.expertParameters * expertsHitShare(model, tokens) : 0;
  const sharedParametersRead =
    parametersReadPerStep(model, tokens) - expertParametersRead + l.paddingParameters;
  const perShard = (s.weightBytesPerParameter * weightReads) / shards;
  const sharedWeightSeconds = (sharedParametersRead * perShard) / (bandwidth * weightEfficiency);
  const expertWeightSeconds = l.moe
    ? (expertParametersRead * perShard) / (bandwidth * weightEfficiency * l.moe.streamingFactor)
    : 0;
  const attendedTokens =
    profile.decodeReadsFullKvWindow && pass.windowTokens !== undefined
      ? pass.windowTokens
      : pass.cachedTokens;
  const kvSeconds = prefill
    ? 0
    : (pass.sequences * kvCacheBytes(model, attendedTokens, s.kvBytesPerElement) * l.kvShare) /
      l.kvBytesPerSecond;

  // FLOPs: the shared matmuls (padding included), the routed experts', and attention.
  const activeExpert = l.moe?.activeExpertParameters ?? 0;
  const sharedFlops =
    (tokens * (weightFlopsPerToken(model) - 2 * activeExpert + 2 * l.paddingParameters)) / shards;
  const expertFlops = (tokens * 2 * activeExpert) / shards;
  const attentionFlops =
    ((prefill
      ? pass.sequences * prefillAttentionFlops(model, pass.newTokens)
      : pass.sequences * decodeAttentionFlops(model, attendedTokens)) *
      l.headPadding) /
    shards;
  const efficiency = prefill ? l.prefillComputeEfficiency : profile.decodeComputeEfficiency;
  const matmulRate =
    s.peakFlops * efficiency * (s.weightOnlyQuantized ? profile.quantizedComputeEfficiency : 1);
  const attentionRate = s.peakFlops * (prefill ? l.prefillAttentionEfficiency : efficiency);
  const sharedComputeSeconds = sharedFlops / matmulRate + attentionFlops / attentionRate;
  const expertComputeSeconds = l.moe ? expertFlops / (matmulRate * l.moe.gemmFactor) : 0;

  // Each kernel is bound by the larger of its memory and compute time, where the hardware overlaps
  // them; llama.cpp's prompt processing on CPUs pays both.
  const overlap = profile.overlapsWeightStreaming || !prefill;
  const memorySeconds = sharedWeightSeconds + kvSeconds + expertWeightSeconds;
  const computeSeconds = sharedComputeSeconds + expertComputeSeconds;
  // A grouped expert GEMM hides its weight stream behind its multiplies only once every expert has
  // enough token rows to fill its tiles; with a few tokens per expert (decode) the two add up.
  const rowsPerExpert = l.moe ? (tokens * (model.expertsPerToken ?? 1)) / (model.experts ?? 1) : 0;
  const exposed = profile.expertTileRows / (profile.expertTileRows + rowsPerExpert);
  const expertSeconds = overlap
    ? Math.max(expertWeightSeconds, expertComputeSeconds) +
      Math.min(expertWeightSeconds, expertComputeSeconds) * exposed
    : expertWeightSeconds + expertComputeSeconds;
  const rooflineSeconds = l.moe
    ? kernelSeconds(overlap, sharedWeightSeconds + kvSeconds, sharedComputeSeconds) + expertSeconds
    : kernelSeconds(overlap, memorySeconds, computeSeconds);

  // Two all-reduces per layer (after attention and after the MLP) when tensor parallel, and one
  // point-to-point send between consecutive pipeline stages.
  const collectiveBytes = tokens * model.hiddenSize * ACTIVATION_BYTES;
  let communicationSeconds = 2 * model.layers * allReduceSeconds(s, collectiveBytes);
  if (s.pipelineParallel > 1) {
    const hop = linkProfile(target.link.kind);
    communicationSeconds +=
      (s.pipelineParallel - 1) *
      (hop.baseLatencyUs / 1e6 +
        collectiveBytes / (gbpsToBytesPerSecond(target.link.bandwidthGBps) * hop.bandwidthEfficiency));
  }

  const overheadSeconds =
    (profile.perStepOverheadMs +
      profile.perLayerOverheadMs * model.layers +
      (l.moe ? profile.perMoeLayerOverheadMs * model.layers : 0) +
      (prefill ? 0 : profile.perSequenceOverheadMs * pass.sequences)) /
    1000;

  return {
    seconds: rooflineSeconds + communicationSeconds + overheadSeconds,
    memorySeconds,
    computeSeconds,
    communicationSeconds,
    overheadSeconds,
  };
}

/** Peak FLOP/s of one device for work in `format`. */
export function peakFlopsFor(
  target: Target,
  format: 'fp32' | 'fp16' | 'fp8' | 'int8' | 'weight-only',
): number {
  const p = target.peakTflops;
  const tflops =
    format === 'fp32'
      ? p.fp32
      : format === 'fp8'
        ? (p.fp8 ?? p.bf16)
        : format === 'int8'
          ? (p.int8 ?? p.bf16)
          : // Weight-only formats dequantize to 16-bit and multiply there.
            p.bf16;
  return tflopsToFlops(tflops);
}
