/**
 * Efficiency profiles: how close each engine gets to the hardware's roofline, and what it costs on
 * top. One row per (engine, hardware class); every value is echoed under `assumptions`.
 *
 * The numbers come from published measurements (the `source` of each row) and were checked against
 * the calibration cases in shared/calibration as a whole; no row names a model or a case.
 *
 * - memoryBandwidthEfficiency (MBU): achieved / peak DRAM bandwidth when streaming weights in decode.
 * - prefillComputeEfficiency / decodeComputeEfficiency (MFU): achieved / peak dense FLOP/s for large
 *   prompt batches and for batched decode.
 * - quantizedWeightEfficiency: MBU multiplier for weight-only formats (int4, nf4, GGUF on GPUs):
 *   dequantizing kernels do not stream as well as plain 16-bit GEMV.
 * - perStepOverheadMs: fixed host/scheduler/sampling time per forward step.
 * - perLayerOverheadMs: the small kernels of each layer (norms, rotary, attention, launches) that do
 *   not shrink with the weights: about 0.05 ms with CUDA graphs (gpt-fast: 7B at 9.5/6.4/5.1 ms per
 *   token in bf16/int8/int4 fits 3 ms fixed + bytes at full bandwidth), several times more eager.
 * - perSequenceOverheadMs: host work per sequence per step (sampling, stop checks, detokenizing).
 * - perRequestOverheadMs: fixed time before the first token (tokenizing, scheduling, HTTP).
 * - usableMemoryFraction: device memory the engine lets itself use (vLLM gpu_memory_utilization).
 * - workspaceGiB / runtimeOverheadGiB: activation workspace and runtime (CUDA context, graphs).
 * - maxBatchSequences: the engine's default cap on sequences in one batch.
 * - oneShotAllReduce: custom all-reduce over NVLink (one hop) instead of an NCCL ring at small sizes.
 * - fp8KvCache: the engine stores the KV cache in FP8 when the weights are FP8.
 */

import type { DeviceLink, HardwareClass } from '../hardware/accelerators.js';
import type { Engine } from '../hardware/engines.js';

export interface EfficiencyProfile {
  engine: Engine;
  hardwareClass: HardwareClass;
  memoryBandwidthEfficiency: number;
  prefillComputeEfficiency: number;
  decodeComputeEfficiency: number;
  quantizedWeightEfficiency: number;
  perStepOverheadMs: number;
  perLayerOverheadMs: number;
  perSequenceOverheadMs: number;
  perRequestOverheadMs: number;
  usableMemoryFraction: number;
  workspaceGiB: number;
  runtimeOverheadGiB: number;
  maxBatchSequences: number;
  oneShotAllReduce: boolean;
  fp8KvCache: boolean;
  source: string;
}

type ProfileValues = Omit<EfficiencyProfile, 'engine' | 'hardwareClass' | 'source'>;

const vllmGpu: ProfileValues = {
  memoryBandwidthEfficiency: 0.8,
  prefillComputeEfficiency: 0.6,
  decodeComputeEfficiency: 0.45,
  quantizedWeightEfficiency: 0.85,
  perStepOverheadMs: 0.6,
  perLayerOverheadMs: 0.05,
  perSequenceOverheadMs: 0.01,
  perRequestOverheadMs: 5,
  usableMemoryFraction: 0.9,
  workspaceGiB: 2,
  runtimeOverheadGiB: 1,
  maxBatchSequences: 256,
  oneShotAllReduce: true,
  fp8KvCache: false,
};

const trtllmGpu: ProfileValues = {
  memoryBandwidthEfficiency: 0.82,
  prefillComputeEfficiency: 0.68,
  decodeComputeEfficiency: 0.5,
  quantizedWeightEfficiency: 0.9,
  perStepOverheadMs: 0.3,
  perLayerOverheadMs: 0.03,
  perSequenceOverheadMs: 0,
  perRequestOverheadMs: 2,
  usableMemoryFraction: 0.9,
  workspaceGiB: 2,
  runtimeOverheadGiB: 1,
  maxBatchSequences: 2048,
  oneShotAllReduce: true,
  fp8KvCache: true,
};

const tgiGpu: ProfileValues = {
  memoryBandwidthEfficiency: 0.78,
  prefillComputeEfficiency: 0.5,
  decodeComputeEfficiency: 0.4,
  quantizedWeightEfficiency: 0.8,
  perStepOverheadMs: 1,
  perLayerOverheadMs: 0.15,
  perSequenceOverheadMs: 0.7,
  perRequestOverheadMs: 5,
  usableMemoryFraction: 0.95,
  workspaceGiB: 2,
  runtimeOverheadGiB: 1,
  maxBatchSequences: 128,
  oneShotAllReduce: false,
  fp8KvCache: false,
};

const transformersGpu: ProfileValues = {
  memoryBandwidthEfficiency: 0.75,
  prefillComputeEfficiency: 0.45,
  decodeComputeEfficiency: 0.3,
  quantizedWeightEfficiency: 0.7,
  perStepOverheadMs: 2,
  perLayerOverheadMs: 0.25,
  perSequenceOverheadMs: 0.05,
  perRequestOverheadMs: 5,
  usableMemoryFraction: 0.95,
  workspaceGiB: 1,
  runtimeOverheadGiB: 0.8,
  maxBatchSequences: 64,
  oneShotAllReduce: false,
  fp8KvCache: false,
};

const llamaCppGpu: ProfileValues = {
  memoryBandwidthEfficiency: 0.75,
  prefillComputeEfficiency: 0.45,
  decodeComputeEfficiency: 0.3,
  quantizedWeightEfficiency: 0.95,
  perStepOverheadMs: 0.5,
  perLayerOverheadMs: 0.05,
  perSequenceOverheadMs: 0.02,
  perRequestOverheadMs: 2,
  usableMemoryFraction: 0.95,
  workspaceGiB: 0.5,
  runtimeOverheadGiB: 0.5,
  maxBatchSequences: 64,
  oneShotAllReduce: false,
  fp8KvCache: false,
};

export const efficiencyProfiles: readonly EfficiencyProfile[] = [
  {
    engine: 'vllm',
    hardwareClass: 'datacenter-gpu',
    ...vllmGpu,
    source:
      'vLLM batch-1 decode at 75-85% of HBM bandwidth with CUDA graphs (vLLM perf dashboards; gpt-fast README: 7B bf16 on A100 at 105-200 tok/s); default gpu_memory_utilization 0.9, max_num_seqs 256',
  },
  {
    engine: 'vllm',
    hardwareClass: 'pcie-gpu',
    ...vllmGpu,
    prefillComputeEfficiency: 0.55,
    oneShotAllReduce: false,
    source:
      'vLLM on L4/A10G/L40S (PCIe, no NVLink: custom all-reduce off beyond 2 GPUs); as the datacenter row',
  },
  {
    engine: 'vllm',
    hardwareClass: 'neuron',
    ...vllmGpu,
    memoryBandwidthEfficiency: 0.6,
    prefillComputeEfficiency: 0.4,
    decodeComputeEfficiency: 0.3,
    perStepOverheadMs: 2,
    oneShotAllReduce: false,
    maxBatchSequences: 32,
    source: 'vLLM Neuron backend (NxD Inference); compiled batch sizes; AWS Neuron inf2 benchmark tables',
  },
  {
    engine: 'vllm',
    hardwareClass: 'cpu',
    memoryBandwidthEfficiency: 0.45,
    prefillComputeEfficiency: 0.3,
    decodeComputeEfficiency: 0.15,
    quantizedWeightEfficiency: 0.9,
    perStepOverheadMs: 2,
    perLayerOverheadMs: 0.05,
    perSequenceOverheadMs: 0.05,
    perRequestOverheadMs: 5,
    usableMemoryFraction: 0.9,
    workspaceGiB: 1,
    runtimeOverheadGiB: 1,
    maxBatchSequences: 64,
    oneShotAllReduce: false,
    fp8KvCache: false,
    source: 'vLLM CPU backend (oneDNN/AMX); Intel published 4th-gen Xeon results',
  },
  {
    engine: 'tensorrt-llm',
    hardwareClass: 'datacenter-gpu',
    ...trtllmGpu,
    source:
      'TensorRT-LLM performance docs: 7B fp16 A100 2048-token prefill 133 ms (about 68% of peak), H100 fp8 max-throughput tables (about 50% of fp8 peak in saturated decode); MLPerf v4.0 Llama-2-70B offline',
  },
  {
    engine: 'tensorrt-llm',
    hardwareClass: 'pcie-gpu',
    ...trtllmGpu,
    prefillComputeEfficiency: 0.6,
    oneShotAllReduce: false,
    source: 'TensorRT-LLM on L4/L40S (PCIe); as the datacenter row with a lower prefill efficiency',
  },
  {
    engine: 'tgi',
    hardwareClass: 'datacenter-gpu',
    ...tgiGpu,
    source:
      'Hugging Face TGI benchmarks on g5 and p4d (text-generation-inference-tests; llama-sagemaker-benchmark): eager decode with per-request Python sampling, NCCL ring all-reduce',
  },
  {
    engine: 'tgi',
    hardwareClass: 'pcie-gpu',
    ...tgiGpu,
    source: 'Hugging Face TGI benchmarks on g5 (A10G) instances, 1 and 20 concurrent users',
  },
  {
    engine: 'tgi',
    hardwareClass: 'neuron',
    ...tgiGpu,
    memoryBandwidthEfficiency: 0.6,
    prefillComputeEfficiency: 0.4,
    decodeComputeEfficiency: 0.3,
    perLayerOverheadMs: 0,
    perSequenceOverheadMs: 0.2,
    perStepOverheadMs: 2,
    maxBatchSequences: 32,
    source: 'optimum-neuron TGI on inf2 (Hugging Face inferentia benchmarks)',
  },
  {
    engine: 'transformers',
    hardwareClass: 'datacenter-gpu',
    ...transformersGpu,
    source: 'Hugging Face transformers generate() in eager mode; AutoAWQ benchmark tables (T4, A100)',
  },
  {
    engine: 'transformers',
    hardwareClass: 'pcie-gpu',
    ...transformersGpu,
    source: 'Hugging Face transformers generate() in eager mode; AutoAWQ benchmark tables (T4, A10G)',
  },
  {
    engine: 'transformers',
    hardwareClass: 'cpu',
    memoryBandwidthEfficiency: 0.35,
    prefillComputeEfficiency: 0.25,
    decodeComputeEfficiency: 0.1,
    quantizedWeightEfficiency: 0.5,
    perStepOverheadMs: 5,
    perLayerOverheadMs: 0.3,
    perSequenceOverheadMs: 0.1,
    perRequestOverheadMs: 10,
    usableMemoryFraction: 0.9,
    workspaceGiB: 1,
    runtimeOverheadGiB: 1,
    maxBatchSequences: 16,
    oneShotAllReduce: false,
    fp8KvCache: false,
    source: 'PyTorch eager on Xeon/Graviton (Intel Extension for PyTorch and AWS Graviton PyTorch guides)',
  },
  {
    engine: 'llama.cpp',
    hardwareClass: 'cpu',
    memoryBandwidthEfficiency: 0.4,
    prefillComputeEfficiency: 0.12,
    decodeComputeEfficiency: 0.15,
    quantizedWeightEfficiency: 1,
    perStepOverheadMs: 1,
    perLayerOverheadMs: 0.02,
    perSequenceOverheadMs: 0.05,
    perRequestOverheadMs: 2,
    usableMemoryFraction: 0.9,
    workspaceGiB: 0.3,
    runtimeOverheadGiB: 0.2,
    maxBatchSequences: 16,
    oneShotAllReduce: false,
    fp8KvCache: false,
    source:
      'llama.cpp CPU decode streams weights at 35-45% of peak DRAM bandwidth (Graviton3 64 vCPU: 7B q4_0 at about 31 tok/s; Xeon 8480 discussions); per-core bandwidth limits small instances (Arm learning path, c7g.xlarge); prompt processing at about 12% of int8 dot-product peak with repacked Arm/x86 kernels (Graviton3 64 vCPU: 7B q4_0 at about 400 tokens/s)',
  },
  {
    engine: 'llama.cpp',
    hardwareClass: 'datacenter-gpu',
    ...llamaCppGpu,
    source: 'llama.cpp CUDA backend benchmarks (A100, H100)',
  },
  {
    engine: 'llama.cpp',
    hardwareClass: 'pcie-gpu',
    ...llamaCppGpu,
    source: 'llama.cpp CUDA backend benchmarks (T4, L4, A10G)',
  },
  {
    engine: 'neuron',
    hardwareClass: 'neuron',
    memoryBandwidthEfficiency: 0.65,
    prefillComputeEfficiency: 0.45,
    decodeComputeEfficiency: 0.35,
    quantizedWeightEfficiency: 0.8,
    perStepOverheadMs: 1.5,
    perLayerOverheadMs: 0,
    perSequenceOverheadMs: 0,
    perRequestOverheadMs: 5,
    usableMemoryFraction: 0.9,
    workspaceGiB: 1.5,
    runtimeOverheadGiB: 0.5,
    maxBatchSequences: 64,
    oneShotAllReduce: false,
    fp8KvCache: false,
    source: 'AWS Neuron inference performance tables (transformers-neuronx / NxD Inference on inf2 and trn1)',
  },
  // Owned hardware (GeForce cards, Apple silicon): checked against test/calibration/cases-owned.json.
  {
    engine: 'llama.cpp',
    hardwareClass: 'consumer-gpu',
    ...llamaCppGpu,
    memoryBandwidthEfficiency: 0.9,
    quantizedWeightEfficiency: 0.9,
    prefillComputeEfficiency: 0.25,
    perStepOverheadMs: 0.5,
    perLayerOverheadMs: 0.05,
    source:
      'llama.cpp CUDA on GeForce (XiongjieDai/GPU-Benchmarks-on-LLM-Inference: 7B f16 at 51.9/60.8 tok/s and q4_0 at 121/149 on RTX 3090/4090, 8B Q4_K_M 73-131 tok/s on RTX 3070-4090; llama.cpp PRs #7676 and #15802 llama-bench tables): F16 decode streams weights at about 90% of GDDR bandwidth, quantized mat-vec kernels at about 90% of that, plus about 2 ms of small kernels per token; GGUF prompt processing (MMQ, int8 tensor cores) at about 25% of the INT8 peak (RTX 4090 8B Q4_0 pp512 about 10,000 tok/s)',
  },
  {
    engine: 'llama.cpp',
    hardwareClass: 'apple-silicon',
    ...llamaCppGpu,
    memoryBandwidthEfficiency: 0.85,
    quantizedWeightEfficiency: 0.9,
    prefillComputeEfficiency: 0.7,
    decodeComputeEfficiency: 0.5,
    perStepOverheadMs: 1.5,
    perLayerOverheadMs: 0.08,
    usableMemoryFraction: 0.95,
    workspaceGiB: 0.5,
    runtimeOverheadGiB: 0.2,
    source:
      'llama.cpp Metal on Apple silicon (ggml-org/llama.cpp discussion #4167: M1 Max 32-core 7B F16/Q8_0/Q4_0 at 23.0/40.2/61.2 tok/s, prompt 600/537/530 tok/s; XiongjieDai/GPU-Benchmarks-on-LLM-Inference: M1, M1 Max, M2 Ultra, M3, M3 Max): decode at about 85% of unified-memory bandwidth plus about 4 ms of kernel launches per token for a 32-layer model; prompt processing at about 70% of the GPU FP16 (= FP32) rate; the memory the GPU may use is already the macOS working-set cap',
  },
  {
    engine: 'vllm',
    hardwareClass: 'consumer-gpu',
    ...vllmGpu,
    prefillComputeEfficiency: 0.55,
    oneShotAllReduce: false,
    source:
      'vLLM on GeForce RTX (CUDA graphs; PCIe only, no custom all-reduce beyond 2 GPUs): as the pcie-gpu row, against the FP32-accumulate tensor rate PyTorch kernels get on GeForce',
  },
  {
    engine: 'tensorrt-llm',
    hardwareClass: 'consumer-gpu',
    ...trtllmGpu,
    prefillComputeEfficiency: 0.6,
    oneShotAllReduce: false,
    source: 'TensorRT-LLM on GeForce RTX 40/50 (same kernels as L4/L40S); as the pcie-gpu row',
  },
  {
    engine: 'tgi',
    hardwareClass: 'consumer-gpu',
    ...tgiGpu,
    source: 'Hugging Face TGI on GeForce RTX (same CUDA kernels as on A10G); as the pcie-gpu row',
  },
  {
    engine: 'transformers',
    hardwareClass: 'consumer-gpu',
    ...transformersGpu,
    source: 'Hugging Face transformers generate() in eager mode on GeForce RTX; as the pcie-gpu row',
  },
];

export function findEfficiencyProfile(
  engine: Engine,
  hardwareClass: HardwareClass,
): EfficiencyProfile | undefined {
  return efficiencyProfiles.find((p) => p.engine === engine && p.hardwareClass === hardwareClass);
}

/**
 * The engine a person would pick for the hardware: llama.cpp on CPUs and on hardware people own
 * (GeForce cards, Macs: llama.cpp, Ollama, LM Studio), neuron on AWS chips, vLLM on cloud GPUs.
 */
export function defaultEngine(hardwareClass: HardwareClass): Engine {
  if (hardwareClass === 'cpu' || hardwareClass === 'consumer-gpu' || hardwareClass === 'apple-silicon')
    return 'llama.cpp';
  if (hardwareClass === 'neuron') return 'neuron';
  return 'vllm';
}

/**
 * Collective latency: a fixed cost per call plus a per-hop cost. A ring all-reduce over n devices
 * takes 2(n−1) hops; a one-shot all-reduce over NVLink takes one.
 */
export interface LinkProfile {
  kind: DeviceLink['kind'] | 'network';
  baseLatencyUs: number;
  hopLatencyUs: number;
  bandwidthEfficiency: number;
  source: string;
}

export const linkProfiles: readonly LinkProfile[] = [
  {
    kind: 'nvlink',
    baseLatencyUs: 8,
    hopLatencyUs: 4,
    bandwidthEfficiency: 0.8,
    source: 'nccl-tests all_reduce small-message latency on DGX A100/H100 (tens of microseconds at 8 GPUs)',
  },
  {
    kind: 'pcie',
    baseLatencyUs: 15,
    hopLatencyUs: 12,
    bandwidthEfficiency: 0.7,
    source: 'nccl-tests over PCIe Gen4 without NVLink (g5.12xlarge, g6.12xlarge)',
  },
  {
    kind: 'neuronlink',
    baseLatencyUs: 10,
    hopLatencyUs: 6,
    bandwidthEfficiency: 0.75,
    source: 'AWS Neuron collective communication documentation (trn1 ring topology)',
  },
  {
    kind: 'network',
    baseLatencyUs: 20,
    hopLatencyUs: 15,
    bandwidthEfficiency: 0.7,
    source: 'EFA / ENA between instances (AWS EFA documentation; NCCL over aws-ofi-nccl)',
  },
];

export function linkProfile(kind: LinkProfile['kind']): LinkProfile {
  const profile = linkProfiles.find((l) => l.kind === kind);
  if (!profile) throw new RangeError(`unknown link kind ${kind}`);
  return profile;
}
