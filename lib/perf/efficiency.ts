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
 * - quantizedComputeEfficiency: MFU multiplier for weight-only formats when the step is compute-bound
 *   (large batches, prefill): the kernels dequantize every weight tile before the multiply.
 * - expertStreamOverheadMB: the fixed cost of each expert a fused MoE kernel visits, as the megabytes
 *   of weight streaming it equals (tile set-up, scales, the token gather). Expert weights stream at
 *   bytes / (bytes + overhead) of the dense rate: gpt-oss-120b's 13 MB (MXFP4) experts at about 70%,
 *   Mixtral's 90 MB experts at over 90%, DeepSeek-V3's 5.5 MB per GPU at TP8 near half.
 * - expertGemmHalfWidth: the expert FFN width (per device shard) at which a grouped expert GEMM runs at
 *   half the dense efficiency: each routed token costs a fixed amount of routing, permutation and
 *   un-permutation work per hidden element, so narrow experts (Qwen3-30B: 768; DeepSeek-V3 at TP8:
 *   256 per GPU) spend most of their time there. Efficiency = width / (width + halfWidth). Fitted to
 *   vLLM's prefill-bound MoE runs (gpustack performance lab, H100/H200: gpt-oss-120b 2,000-32,000-token
 *   prompts at 13.7-16.1k prompt tokens/s on one H100; DeepSeek-R1 at TP8 15k/s on 8 H200); no
 *   separate measurement for the other engines, which share the value.
 * - expertTileRows: token rows per expert tile in the fused MoE kernel (vLLM's Triton configs use
 *   16-64). With fewer tokens per expert than that (decode), the kernel cannot hide the weight stream
 *   behind the multiplies, and the smaller of the two is exposed in proportion.
 * - perMoeLayerOverheadMs: router, top-k, token sorting and combine kernels of each MoE layer.
 * - prefillChunkTokens: prompt tokens per forward pass (vLLM/TRT-LLM chunked prefill; llama.cpp's
 *   n_ubatch); each pass streams the weights once.
 * - overlapsWeightStreaming: GPUs and NeuronCores stream the next weight tiles while multiplying (a
 *   step costs the larger of its memory and compute time); llama.cpp on CPUs does not overlap them
 *   in prompt processing (the same cores load and multiply), so a prompt costs their sum.
 * - decodeReadsFullKvWindow: engines that compile static shapes (Neuron) attend over the whole
 *   compiled KV window every step, not only the filled part.
 */

import type { AcceleratorId, DeviceLink, HardwareClass } from '../hardware/accelerators.js';
import type { CpuGenerationId, CpuGenerationSpec } from '../hardware/cpus.js';
import type { Engine } from '../hardware/engines.js';
import type { Precision } from '../model/precisions.js';

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
  quantizedComputeEfficiency: number;
  expertStreamOverheadMB: number;
  expertGemmHalfWidth: number;
  expertTileRows: number;
  perMoeLayerOverheadMs: number;
  prefillChunkTokens: number;
  overlapsWeightStreaming: boolean;
  decodeReadsFullKvWindow: boolean;
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
  quantizedComputeEfficiency: 0.5,
  expertStreamOverheadMB: 5.7,
  expertGemmHalfWidth: 2000,
  expertTileRows: 64,
  perMoeLayerOverheadMs: 0.025,
  prefillChunkTokens: 8192,
  overlapsWeightStreaming: true,
  decodeReadsFullKvWindow: false,
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
  quantizedComputeEfficiency: 0.6,
  expertStreamOverheadMB: 4.4,
  expertGemmHalfWidth: 2000,
  expertTileRows: 64,
  perMoeLayerOverheadMs: 0.015,
  prefillChunkTokens: 8192,
  overlapsWeightStreaming: true,
  decodeReadsFullKvWindow: false,
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
  quantizedComputeEfficiency: 0.5,
  expertStreamOverheadMB: 7.1,
  expertGemmHalfWidth: 2000,
  expertTileRows: 64,
  perMoeLayerOverheadMs: 0.05,
  prefillChunkTokens: 8192,
  overlapsWeightStreaming: true,
  decodeReadsFullKvWindow: false,
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
  quantizedComputeEfficiency: 0.4,
  expertStreamOverheadMB: 13,
  expertGemmHalfWidth: 2000,
  expertTileRows: 64,
  perMoeLayerOverheadMs: 0.2,
  prefillChunkTokens: 8192,
  overlapsWeightStreaming: true,
  decodeReadsFullKvWindow: false,
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
  // Its prompt efficiencies are measured on GGUF formats: the dequantizing is already in them.
  quantizedComputeEfficiency: 1,
  expertStreamOverheadMB: 3.3,
  expertGemmHalfWidth: 2000,
  expertTileRows: 64,
  perMoeLayerOverheadMs: 0.03,
  prefillChunkTokens: 8192,
  overlapsWeightStreaming: true,
  decodeReadsFullKvWindow: false,
};

export const efficiencyProfiles: readonly EfficiencyProfile[] = [
  {
    engine: 'vllm',
    hardwareClass: 'datacenter-gpu',
    ...vllmGpu,
    source:
      'vLLM batch-1 decode at 75-85% of HBM bandwidth with CUDA graphs (vLLM perf dashboards; gpt-fast README: 7B bf16 on A100 at 105-200 tok/s); default gpu_memory_utilization 0.9, max_num_seqs 256; mixture of experts (gpustack performance lab, vLLM 0.10-0.11): about 5.7 MB of streaming per expert visited, so the 13 MB experts of gpt-oss-120b stream at about 70% of the dense rate (one H100, 4 concurrent requests: 8.3 ms per token), grouped expert GEMMs reach half the dense efficiency at 2,000-wide experts per GPU, about 25 us of routing kernels per MoE layer; weight-only formats (AWQ/GPTQ/MXFP4 through Marlin or Triton kernels) run compute-bound GEMMs at about half the 16-bit rate (vLLM quantization docs: prefer unquantized or FP8 for high-throughput serving)',
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
    memoryBandwidthEfficiency: 0.8,
    prefillComputeEfficiency: 0.3,
    decodeComputeEfficiency: 0.3,
    perStepOverheadMs: 2,
    perLayerOverheadMs: 0,
    oneShotAllReduce: false,
    maxBatchSequences: 32,
    quantizedComputeEfficiency: 1,
    expertStreamOverheadMB: 3.3,
    overlapsWeightStreaming: true,
    decodeReadsFullKvWindow: true,
    source:
      'vLLM Neuron backend runs NxD Inference graphs (as the neuron row: weights stream at about 80% of HBM bandwidth, prompts at about 30% of dense peak); compiled batch sizes (max_num_seqs 32 in the NxDI vLLM tutorials); vLLM scheduling adds about half a millisecond per step',
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
    quantizedComputeEfficiency: 1,
    expertStreamOverheadMB: 3.3,
    expertGemmHalfWidth: 2000,
    expertTileRows: 64,
    perMoeLayerOverheadMs: 0.05,
    prefillChunkTokens: 8192,
    overlapsWeightStreaming: true,
    decodeReadsFullKvWindow: false,
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
    memoryBandwidthEfficiency: 0.8,
    prefillComputeEfficiency: 0.3,
    decodeComputeEfficiency: 0.3,
    perLayerOverheadMs: 0,
    perSequenceOverheadMs: 0.2,
    perStepOverheadMs: 2,
    maxBatchSequences: 32,
    quantizedComputeEfficiency: 1,
    expertStreamOverheadMB: 3.3,
    overlapsWeightStreaming: true,
    decodeReadsFullKvWindow: true,
    source:
      'optimum-neuron TGI on inf2 runs transformers-neuronx / NxD graphs (as the neuron row); Python router and per-request sampling add about 2 ms per step (Hugging Face inferentia benchmarks)',
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
    quantizedComputeEfficiency: 1,
    expertStreamOverheadMB: 8.8,
    expertGemmHalfWidth: 2000,
    expertTileRows: 64,
    perMoeLayerOverheadMs: 0.3,
    prefillChunkTokens: 8192,
    overlapsWeightStreaming: false,
    decodeReadsFullKvWindow: false,
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
    quantizedComputeEfficiency: 1,
    expertStreamOverheadMB: 3.3,
    expertGemmHalfWidth: 2000,
    expertTileRows: 64,
    perMoeLayerOverheadMs: 0.02,
    prefillChunkTokens: 512,
    overlapsWeightStreaming: false,
    decodeReadsFullKvWindow: false,
    source:
      'llama.cpp CPU decode with the generic quantized dot products streams weights at 35-45% of peak DRAM bandwidth (Graviton3 64 vCPU: 7B q4_0 at about 31 tok/s; Xeon 8480 discussions); per-core bandwidth limits small instances (Arm learning path, c7g.xlarge); prompt processing at about 12% of int8 dot-product peak; prompts run in n_ubatch = 512 token passes. Kernel families with repacked or matrix kernels override these (cpuKernelFamilies)',
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
    memoryBandwidthEfficiency: 0.8,
    prefillComputeEfficiency: 0.3,
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
    quantizedComputeEfficiency: 1,
    expertStreamOverheadMB: 3.3,
    expertGemmHalfWidth: 2000,
    expertTileRows: 64,
    perMoeLayerOverheadMs: 0,
    prefillChunkTokens: 8192,
    overlapsWeightStreaming: true,
    decodeReadsFullKvWindow: true,
    source:
      'AWS Neuron latency tables (transformers-neuronx 2.18 on trn1.32xlarge at TP32: Llama-2-7B 6.7 ms, Llama-2-70B 25.2 ms per token; inf2.48xlarge TP24: Llama-3-70B 33 ms; NxDI on trn2 TP64: Llama-3.3-70B 19.6 ms): weights stream at about 80% of HBM bandwidth once the collective latency of 2 all-reduces per layer is counted; prompts at about 30% of dense peak (trn1 Llama-2-70B 128 to 1024 tokens: 54 to 232 ms; trn2 Llama-3.3-70B 10,000 tokens: 576 ms); decode attends over the compiled sequence length (TPOT tracks the compiled length, not the filled context)',
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
 * takes 2(n−1) hops; a one-shot all-reduce over NVLink takes one; Neuron devices use the steps of
 * their topology (ring, hypercube, torus: see neuronDevices).
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
    baseLatencyUs: 30,
    hopLatencyUs: 2.5,
    bandwidthEfficiency: 0.75,
    source:
      'Neuron collectives run on dedicated collective engines and DMA rings (Neuron collective communication docs); fitted to the Neuron latency tables with weights at 80% of HBM bandwidth: about 55 us per all-reduce on trn1 (16 chips, 4D hypercube), 85 us on inf2.48xlarge (12-chip ring), 65 us on trn2 (4x4 torus): a fixed launch cost plus a small cost per step of the topology (see neuronDevices)',
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

/**
 * llama.cpp's CPU kernel families. The generic quantized dot products (the llama.cpp/cpu profile)
 * serve every GGUF format on every CPU; some formats get kernels built for one instruction set:
 * Q4_0 is repacked at load time into interleaved blocks for Arm's int8 matrix multiply (i8mm, on
 * Graviton3's 256-bit SVE as 8x8 blocks, elsewhere as 4x8 blocks with the KleidiAI micro-kernels),
 * and runs on Intel AMX tiles for prompt processing. A family overrides the profile's bandwidth
 * efficiency (decode) and prompt-processing efficiency (of the CPU's int8 peak) for its formats.
 */
export interface CpuKernelFamily {
  id: string;
  /** CPU generations these kernels are measured on (matched before `matrixExtension`). */
  cpus?: readonly CpuGenerationId[];
  /** Or any CPU with this matrix extension. */
  matrixExtension?: CpuGenerationSpec['matrixExtension'];
  /** Weight formats the family's kernels serve; other formats use the generic kernels. */
  precisions: readonly Precision[];
  memoryBandwidthEfficiency?: number;
  prefillComputeEfficiency?: number;
  source: string;
}

export const cpuKernelFamilies: readonly CpuKernelFamily[] = [
  {
    id: 'arm-sve256-i8mm',
    cpus: ['graviton3'],
    precisions: ['q4_0'],
    memoryBandwidthEfficiency: 0.55,
    prefillComputeEfficiency: 0.08,
    source:
      'llama.cpp AArch64 repack (Q4_0 as q4_0_8x8 for 256-bit SVE + i8mm; llama.cpp docs/build.md); Arm learning path on c7g.16xlarge: Llama-3.1-8B Q4_0 decodes at 44 tok/s (22.7 ms) and evaluates a 14-token prompt in 87 ms',
  },
  {
    id: 'arm-i8mm-kleidiai',
    matrixExtension: 'i8mm',
    precisions: ['q4_0'],
    memoryBandwidthEfficiency: 0.55,
    prefillComputeEfficiency: 0.16,
    source:
      'llama.cpp AArch64 repack (Q4_0 as q4_0_4x8 for i8mm) and Arm KleidiAI micro-kernels; Arm learning path on r8g.16xlarge (Graviton4): Llama-3.1-8B Q4_0 decodes at 61.6 tok/s (16.2 ms) and evaluates a 14-token prompt in 42 ms',
  },
  {
    id: 'x86-amx',
    matrixExtension: 'amx',
    precisions: ['q4_0'],
    prefillComputeEfficiency: 0.24,
    source:
      'llama.cpp AMX kernels for Q4_0/Q4_1 (ggml-org/llama.cpp PR 8998): prompt evaluation about 2x the AVX-512 VNNI kernels on 4th-gen Xeon, token generation unchanged (VNNI is used at batch 1)',
  },
];

/** The kernel family llama.cpp uses for `precision` on `cpu`, if any (else the generic kernels). */
export function cpuKernelFamily(
  cpu: CpuGenerationSpec | undefined,
  precision: Precision | undefined,
): CpuKernelFamily | undefined {
  if (!cpu || !precision) return undefined;
  const serves = (f: CpuKernelFamily) => f.precisions.includes(precision);
  return (
    cpuKernelFamilies.find((f) => serves(f) && f.cpus?.includes(cpu.id)) ??
    cpuKernelFamilies.find(
      (f) =>
        serves(f) && !f.cpus && f.matrixExtension !== undefined && f.matrixExtension === cpu.matrixExtension,
    )
  );
}

/**
 * How the Neuron SDK lays a model over one AWS chip, and the kernels of its NeuronCore generation.
 * Tensor parallelism shards over NeuronCores, not chips (a request's `tensor` counts chips; Neuron's
 * docs count cores): the capability table (lib/hardware/capabilities.ts) says how many cores per
 * chip and how heads are padded and KV heads replicated. This table adds what the physics needs: the
 * chips' topology (the steps of a tensor-parallel all-reduce) and the kernels of the core generation.
 */
export interface NeuronDevice {
  accelerator: AcceleratorId;
  /** Chip-to-chip topology in the largest instance; sets the steps of an all-reduce. */
  topology: 'ring' | 'hypercube' | 'torus';
  /** Share of dense peak the prompt's attention reaches (the generation's context-encoding kernels). */
  prefillAttentionEfficiency: number;
  /** Share of HBM bandwidth decode attention reads the KV cache at. */
  decodeKvEfficiency: number;
  source: string;
}

export const neuronDevices: readonly NeuronDevice[] = [
  {
    accelerator: 'inferentia2',
    topology: 'ring',
    prefillAttentionEfficiency: 0.008,
    decodeKvEfficiency: 0.2,
    source:
      'Inferentia2 architecture (2 NeuronCore-v2 per chip; inf2.48xlarge: 12 chips on a NeuronLink ring); NeuronCore-v2 attention kernels as on trn1 (same core generation)',
  },
  {
    accelerator: 'trainium',
    topology: 'hypercube',
    prefillAttentionEfficiency: 0.008,
    decodeKvEfficiency: 0.2,
    source:
      'Trn1 architecture (2 NeuronCore-v2 per chip; 16 chips in a 4D hypercube); trn1 latency tables (transformers-neuronx 2.18): long prompts are dominated by attention at about 1% of peak (Llama-2-13B 4096/8192 tokens: 0.86/2.37 s, Mistral-7B 8192: 1.32 s), and TPOT grows with the compiled sequence length as if the KV cache streamed at about 20% of HBM bandwidth (Llama-3-8B 4096 to 8192: +1.2 ms; Llama-2-70B 256 to 4096: +1.7 ms)',
  },
  {
    accelerator: 'trainium2',
    topology: 'torus',
    prefillAttentionEfficiency: 0.3,
    decodeKvEfficiency: 0.2,
    source:
      'Trainium2 architecture (8 NeuronCore-v3 per chip, 4 logical cores at the default LNC=2, so TP64 over 16 chips; NeuronLink-v3 4x4 torus); NxD Inference flash-attention kernels for context encoding (trn2 Llama-3.3-70B: 10,000-token prompt in 576 ms at TP64); decode KV as on trn1',
  },
];

export function findNeuronDevice(accelerator: AcceleratorId | undefined): NeuronDevice | undefined {
  return accelerator === undefined ? undefined : neuronDevices.find((d) => d.accelerator === accelerator);
}

/**
 * The best bandwidth and prompt efficiencies an engine reaches on a CPU over every weight format
 * (its kernel families included): what a bound on speed from specs alone must assume.
 */
export function bestCaseEfficiencies(
  profile: EfficiencyProfile,
  cpu: CpuGenerationSpec | undefined,
): { memoryBandwidthEfficiency: number; prefillComputeEfficiency: number } {
  let memoryBandwidthEfficiency = profile.memoryBandwidthEfficiency;
  let prefillComputeEfficiency = profile.prefillComputeEfficiency;
  if (profile.engine === 'llama.cpp' && cpu) {
    for (const f of cpuKernelFamilies) {
      const applies = f.cpus
        ? f.cpus.includes(cpu.id)
        : f.matrixExtension !== undefined && f.matrixExtension === cpu.matrixExtension;
      if (!applies) continue;
      memoryBandwidthEfficiency = Math.max(memoryBandwidthEfficiency, f.memoryBandwidthEfficiency ?? 0);
      prefillComputeEfficiency = Math.max(prefillComputeEfficiency, f.prefillComputeEfficiency ?? 0);
    }
  }
  return { memoryBandwidthEfficiency, prefillComputeEfficiency };
}
