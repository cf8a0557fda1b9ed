/**
 * Training efficiency: the share of dense peak FLOP/s that training frameworks (Megatron-LM, FSDP,
 * NeuronX Distributed) sustain, counted in hardware FLOPs (attention and recomputation included).
 * Model FLOPs utilization (6·N per token only) is reported separately and comes out lower.
 */

import type { AcceleratorId, HardwareClass } from '../hardware/accelerators.js';
import { type CpuGenerationSpec, cpuInstanceResources, REMOTE_SOCKET_SHARE } from '../hardware/cpus.js';
import type { FineTuningMethod } from './workloads.js';

export interface TrainingEfficiency {
  /** Matched by accelerator id first, then by hardware class. */
  accelerators?: readonly AcceleratorId[];
  hardwareClass?: HardwareClass;
  hardwareFlopsUtilization: number;
  /**
   * Mixture-of-experts training: the expert FFN width at which the experts' grouped GEMMs, with
   * their routing, permutation and all-to-all, run at half the dense utilization, in 16-bit. The
   * routing work per token is fixed, so FP8 (twice the arithmetic rate) doubles it.
   */
  expertGemmHalfWidth: number;
  source: string;
}

export const trainingEfficiencies: readonly TrainingEfficiency[] = [
  {
    accelerators: ['a100-40gb', 'a100-80gb'],
    hardwareFlopsUtilization: 0.46,
    expertGemmHalfWidth: 2500,
    source:
      'LLaMA paper (65B: 380 tokens/s/GPU on 2048 A100-80GB) and Llama 2 model card (7B: 184k GPU-hours for 2T tokens): 45-50% of bf16 peak; MoE expert half width scaled from the H100 fit by the A100 dense training rate and memory bandwidth (no comparable published A100 MoE runs)',
  },
  {
    accelerators: ['h100', 'h200'],
    hardwareFlopsUtilization: 0.42,
    expertGemmHalfWidth: 4000,
    source:
      'Llama 3 paper: 38-43% BF16 MFU on 8k-16k H100 (400 TFLOP/s per GPU for 405B); Megatron-Bridge 25.11 MoE pretraining on DGX-H100 (Qwen3-30B-A3B FP8: 5,275 tokens/s/GPU; GPT-OSS-120B BF16: 5,630; Qwen3-235B-A22B FP8: 1,575) puts the 16-bit expert half width near 4,000 (FP8: 8,000)',
  },
  {
    accelerators: ['b200', 'b300'],
    hardwareFlopsUtilization: 0.38,
    expertGemmHalfWidth: 5500,
    source:
      'MLPerf Training v5.0 GB200/B200 results relative to H100 (faster compute, same scaling limits); Megatron-Bridge 25.11 on DGX-B200 (DeepSeek-V3 FP8 557, GPT-OSS-120B 223, Qwen3-30B-A3B 214, Qwen3-235B-A22B 484 model TFLOP/s per GPU): 16-bit expert half width near 5,500',
  },
  {
    accelerators: ['v100', 'v100-32gb'],
    hardwareFlopsUtilization: 0.35,
    expertGemmHalfWidth: 1500,
    source:
      'Megatron-LM paper: 30-40% of V100 fp16 peak sustained; MoE expert half width scaled from the H100 fit as for A100',
  },
  {
    accelerators: ['trainium'],
    hardwareFlopsUtilization: 0.34,
    expertGemmHalfWidth: 4000,
    source:
      'AWS Neuron training benchmarks: Llama-2-7B on 16 trn1.32xlarge, 93 sequences of 4096 tokens per second; MoE expert half width as the H100 fit (no published Trainium MoE training runs)',
  },
  {
    accelerators: ['trainium2'],
    hardwareFlopsUtilization: 0.32,
    expertGemmHalfWidth: 4000,
    source:
      'AWS Neuron trn2 training benchmarks (NxD Training); MoE expert half width as the H100 fit (no published Trainium2 MoE training runs)',
  },
  {
    hardwareClass: 'pcie-gpu',
    hardwareFlopsUtilization: 0.35,
    expertGemmHalfWidth: 2500,
    source:
      'single-node PEFT/FSDP fine-tuning on L4, A10G, L40S (Hugging Face and Unsloth benchmarks); MoE expert half width as A100',
  },
  {
    hardwareClass: 'datacenter-gpu',
    hardwareFlopsUtilization: 0.4,
    expertGemmHalfWidth: 4000,
    source:
      'typical large-scale GPU training MFU (PaLM paper appendix; MosaicML benchmarks); MoE expert half width as H100',
  },
  {
    // The share of the CPU's peak depends on its 16-bit path and its sockets: see cpuTraining.
    hardwareClass: 'cpu',
    hardwareFlopsUtilization: 0,
    expertGemmHalfWidth: 1000,
    source: 'see cpuTraining; MoE expert half width assumed (no published CPU MoE training runs)',
  },
  {
    hardwareClass: 'consumer-gpu',
    hardwareFlopsUtilization: 0.35,
    expertGemmHalfWidth: 2500,
    source:
      'single-GPU PEFT/Unsloth LoRA and QLoRA on GeForce RTX 3090/4090 (same kernels as the pcie-gpu row), against the FP32-accumulate BF16 tensor rate PyTorch uses on GeForce; MoE expert half width as the pcie-gpu row',
  },
  {
    hardwareClass: 'apple-silicon',
    hardwareFlopsUtilization: 0.35,
    expertGemmHalfWidth: 2500,
    source:
      'MLX LoRA on Apple silicon (ml-explore/mlx-examples lora README: Llama 7B at about 475 tokens/s on an M2 Ultra with 16 LoRA layers, about a third of the GPU FP16 rate for the work done; Mistral 7B at about 250 tokens/s on an M1 Max 32 GB with 4 layers); MoE expert half width as the pcie-gpu row (no published MoE runs)',
  },
];

/** A CPU instance as training sees it: its generation, the vCPUs it has of it, the arithmetic used. */
export interface CpuTrainingHardware {
  cpu: CpuGenerationSpec;
  vcpus: number;
  /** bf16 (mixed precision, the default) or fp32 (pure fp32 training). */
  format: 'bf16' | 'fp32';
}

/**
 * The efficiency row for an accelerator, else for its hardware class. On a CPU instance the row's
 * utilization is worked out from the CPU (`cpuTrainingUtilization`).
 */
export function findTrainingEfficiency(
  accelerator: AcceleratorId | undefined,
  hardwareClass: HardwareClass,
  cpu?: CpuTrainingHardware,
): TrainingEfficiency | undefined {
  const row =
    trainingEfficiencies.find((t) => accelerator !== undefined && t.accelerators?.includes(accelerator)) ??
    trainingEfficiencies.find((t) => t.hardwareClass === hardwareClass && !t.accelerators);
  if (!row || hardwareClass !== 'cpu' || !cpu) return row;
  const utilization = cpuTrainingUtilization(cpu.cpu, cpu.vcpus, cpu.format);
  const peak = cpu.format === 'fp32' ? 'FP32' : '16-bit';
  return {
    ...row,
    hardwareFlopsUtilization: utilization,
    source: `${cpuTrainingPath(cpu.cpu, cpu.format)}: ${(utilization * 100).toFixed(1)}% of the ${peak} peak (${cpuTraining.source})`,
  };
}

/**
 * Training on CPUs (PyTorch with oneDNN and IPEX on x86, the Arm Compute Library on Graviton) runs
 * at two rates. The GEMMs run on the CPU's 16-bit path (AMX tiles, Arm BFMMLA, AVX-512 BF16 dot
 * products, or the FP32 FMA units where bf16 is only converted) at `gemmEfficiency` of that path's
 * peak. Everything else in a step (norms, activations, softmax, casts and weight reorders, the
 * fp32 optimizer, the memory traffic between them) runs on the FP32 vector units and costs
 * `vectorSecondsPerGemmFlop` FP32-FMA FLOP-times per GEMM FLOP. With a 16-bit path r times the
 * FP32 FMA rate, a step sustains 1 / (1 / gemmEfficiency + vectorSecondsPerGemmFlop * r) of the
 * 16-bit peak: a faster matrix unit speeds up the GEMMs, not the rest, so Sapphire Rapids' AMX
 * (r = 16) sustains about 5% of its tile peak, close to its FP32 FMA rate. One process spread over
 * two sockets counts the second socket's cores at REMOTE_SOCKET_SHARE (its memory is remote).
 */
export const cpuTraining = {
  /** Share of the 16-bit path's peak the GEMMs of a training step sustain. */
  gemmEfficiency: 0.15,
  /** FP32-FMA FLOP-times of the non-GEMM work per GEMM FLOP. */
  vectorSecondsPerGemmFlop: 0.86,
  source:
    'fitted to five published runs. With AMX, GPT-2 124M (Intel nanoGPT module, 4 Sapphire Rapids cores, 40.8 s per 32x1024-token step) and DistilBERT on SQuAD (Hugging Face, r7iz 32 cores, 26 min per epoch) sustain 0.84-0.95 of the FP32 FMA peak, and Llama-2-7B LoRA (Intel Extension for Transformers notebook, 2-socket Xeon, 20.5 h for 19M tokens) 0.59 counting its second socket at half and LoRA at 0.85; without native bf16 (Ice Lake: the same DistilBERT epoch in 3.5 h, GPT-2 on m6i.4xlarge about 110 s per step) 0.11-0.15. No published training runs on Graviton or AMD EPYC: their BFMMLA and AVX-512 BF16 paths use the same two rates',
};

/** How a CPU runs the GEMMs of a training step, in words. */
function cpuTrainingPath(cpu: CpuGenerationSpec, format: 'bf16' | 'fp32'): string {
  const r = sixteenBitSpeedup(cpu, format);
  if (format === 'fp32') return `${cpu.name}: fp32 GEMMs on the FP32 FMA units`;
  if (cpu.matrixExtension === 'amx') return `${cpu.name}: bf16 GEMMs on AMX tiles (${r}x FP32)`;
  if (r <= 1) return `${cpu.name}: no native bf16, GEMMs on the FP32 FMA units`;
  if (cpu.architecture === 'arm64') return `${cpu.name}: bf16 GEMMs with BFMMLA (${r}x FP32)`;
  return `${cpu.name}: bf16 GEMMs as AVX-512 BF16 dot products (${r}x FP32)`;
}

/** How much faster than its FP32 FMA rate a CPU multiplies in `format` (1: no faster path). */
function sixteenBitSpeedup(cpu: CpuGenerationSpec, format: 'bf16' | 'fp32'): number {
  return format === 'fp32' ? 1 : Math.max(1, cpu.opsPerCyclePerCore.bf16 / cpu.opsPerCyclePerCore.fp32);
}

/**
 * The share of a CPU instance's peak for `format` (its bf16 or fp32 rate over all its cores) that
 * a training step sustains (see `cpuTraining`).
 */
export function cpuTrainingUtilization(
  cpu: CpuGenerationSpec,
  vcpus: number,
  format: 'bf16' | 'fp32',
): number {
  const r = sixteenBitSpeedup(cpu, format);
  const perCore = 1 / (1 / cpuTraining.gemmEfficiency + cpuTraining.vectorSecondsPerGemmFlop * r);
  const { sockets } = cpuInstanceResources(cpu, vcpus);
  return (perCore * (1 + (sockets - 1) * REMOTE_SOCKET_SHARE)) / sockets;
}

/**
 * Pretraining with full activation recomputation: does the extra forward pass cost its FLOPs?
 * Published runs say no: frameworks spend the freed activation memory on larger micro-batches, and
 * model-FLOPs utilization stays where it is without recomputation (so hardware utilization rises).
 */
export const pretrainingRecomputation = {
  keepsModelFlopsUtilization: true,
  source:
    'llm-foundry MPT benchmarks: H100 BF16 MFU 40-46% without and 36-46% with activation checkpointing (7B-30B, micro-batches 2 vs 3-40); A100 80GB with checkpointing at MFU 48-56%, HFU 64-75% (Korthikanti et al. 2022 on recomputation FLOPs)',
};

/**
 * Fine-tuning methods relative to full training. LoRA's small adapter matmuls and frozen-weight
 * backward run below full-training efficiency; QLoRA also dequantizes NF4 weights on every pass.
 */
export const fineTuningMethodEfficiency: Record<FineTuningMethod, { factor: number; source: string }> = {
  full: { factor: 1, source: 'same kernels as pre-training' },
  lora: { factor: 0.85, source: 'Hugging Face PEFT benchmarks: LoRA step time vs full fine-tuning FLOPs' },
  qlora: {
    factor: 0.6,
    source:
      'QLoRA paper and Unsloth benchmarks: NF4 dequantization makes QLoRA about 1.4-1.7x slower than LoRA',
  },
};

/** Hardware classes that cannot run a backward pass at all (Inferentia is inference-only). */
export const inferenceOnlyAccelerators: readonly AcceleratorId[] = ['inferentia2'];

/**
 * Training across instances is estimated at cluster efficiency only on an EFA-class network (AWS
 * recommends 100 Gb/s and up for distributed training); slower networks get a note, and the planner
 * does not spread training over them.
 */
export const CLUSTER_NETWORK_GBPS = 100;
