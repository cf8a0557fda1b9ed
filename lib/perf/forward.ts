/**
 * The roofline of one forward step (DESIGN §5): the slower of streaming the bytes it reads and
 * doing the FLOPs it needs, plus tensor-parallel collectives and the engine's fixed costs.
 */
import {
  decodeAttentionFlops,
  kvCacheBytes,
  kvShardingDegree,
  parametersReadPerStep,
  prefillAttentionFlops,
  type ResolvedModel,
  weightFlopsPerToken,
} from '../model/architecture.js';
import { gbpsToBytesPerSecond, tflopsToFlops } from '../model/units.js';
import { type EfficiencyProfile, linkProfile } from './efficiency.js';
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

/** Long prompts are processed in chunks (vLLM/TRT-LLM chunked prefill); each chunk streams the weights once. */
const PREFILL_CHUNK_TOKENS = 8192;

/** Latency and bandwidth of the link the tensor-parallel group uses. */
function tensorParallelLink(s: ServingSetup) {
  const crossesNodes = s.tensorParallel > s.target.devicesPerNode;
  const kind = crossesNodes ? 'network' : s.target.link.kind;
  const bandwidthGBps = crossesNodes ? s.target.networkGBpsPerDevice : s.target.link.bandwidthGBps;
  return { profile: linkProfile(kind), bandwidthGBps };
}

/** One all-reduce of `bytes` over the tensor-parallel group. */
export function allReduceSeconds(s: ServingSetup, bytes: number): number {
  const n = s.tensorParallel;
  if (n <= 1) return 0;
  const link = tensorParallelLink(s);
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
  phase: 'prefill' | 'decode';
}

/**
 * Time of one forward pass of a micro-batch through the whole model. With pipeline parallelism the
 * stages run one after another, so the pass takes the sum of the stages: pipelining adds throughput
 * (several micro-batches in flight, see serving), not single-sequence speed.
 */
export function forwardPass(s: ServingSetup, pass: Pass): StepTime {
  const { model, target, profile } = s;
  // The stages of a pipeline run one after another for a micro-batch, so a whole pass costs what
  // the model costs on one tensor-parallel group: divide by tp only.
  const shards = s.tensorParallel;
  const tokens = pass.sequences * pass.newTokens;
  const bandwidth = gbpsToBytesPerSecond(target.memoryBandwidthGBps) * profile.memoryBandwidthEfficiency;

  const weightReads = pass.phase === 'prefill' ? Math.ceil(tokens / PREFILL_CHUNK_TOKENS) : 1;
  const weightBytes =
    (parametersReadPerStep(model, tokens) * s.weightBytesPerParameter * weightReads) / shards;
  const kvShards = kvShardingDegree(model, s.tensorParallel);
  const kvBytes =
    pass.phase === 'decode'
      ? (pass.sequences * kvCacheBytes(model, pass.cachedTokens, s.kvBytesPerElement)) / kvShards
      : 0;
  const weightEfficiency = s.weightOnlyQuantized ? profile.quantizedWeightEfficiency : 1;
  const memorySeconds = weightBytes / (bandwidth * weightEfficiency) + kvBytes / bandwidth;

  const attentionFlops =
    pass.phase === 'decode'
      ? pass.sequences * decodeAttentionFlops(model, pass.cachedTokens)
      : pass.sequences * prefillAttentionFlops(model, pass.newTokens);
  const flops = (tokens * weightFlopsPerToken(model) + attentionFlops) / shards;
  const computeEfficiency =
    pass.phase === 'prefill' ? profile.prefillComputeEfficiency : profile.decodeComputeEfficiency;
  const computeSeconds = flops / (s.peakFlops * computeEfficiency);

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
      (pass.phase === 'decode' ? profile.perSequenceOverheadMs * pass.sequences : 0)) /
    1000;

  return {
    seconds: Math.max(memorySeconds, computeSeconds) + communicationSeconds + overheadSeconds,
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
