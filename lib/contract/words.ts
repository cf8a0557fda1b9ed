/**
 * Every sentence the v1 responses say about an estimate, written from the domain's data: notes
 * and the reasons an estimate cannot be made. One place, so wording changes in one place.
 */
import type { EstimateNote, EstimateRejection } from '../perf/index.js';

/** Round half away from zero at `digits` decimals (the v1 responses' rounding). */
export const round = (x: number, digits = 3) => {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Round to `digits` significant digits: durations span microseconds to years. */
export function roundSignificant(x: number, digits = 6): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

export function noteText(note: EstimateNote): string {
  switch (note.code) {
    case 'does-not-fit':
      return (
        `does not fit: needs ${round(note.perDeviceGiB, 1)} GiB per device with ${note.tensorParallel}-way tensor parallelism, ` +
        `${round(note.usableGiB, 1)} GiB usable of ${round(note.capacityGiB, 1)} GiB (${round(note.perDeviceGiB - note.usableGiB, 1)} GiB short)`
      );
    case 'training-does-not-fit':
      return (
        `does not fit: needs ${round(note.perDeviceGiB, 1)} GiB per device, ${round(note.usableGiB, 1)} GiB usable ` +
        `(${round(note.perDeviceGiB - note.usableGiB, 1)} GiB short)` +
        // Stage 0 shards nothing (one data-parallel rank): no "even with" to claim for it.
        (note.zeroStage > 0
          ? ` even with ZeRO stage ${note.zeroStage}${note.activationCheckpointing ? ' and activation checkpointing' : ''}`
          : note.activationCheckpointing
            ? ' even with activation checkpointing'
            : '')
      );
    case 'batch-capped':
      return `concurrency capped at ${note.maxBatchSequences} sequences per replica by ${note.engine}'s batch limit`;
    case 'requests-queue':
      return `${note.engine} batches at most ${note.maxBatchSequences} sequences per replica: the rest wait in a queue, which adds to time to first token`;
    case 'kv-heads-replicated':
      return `tensor parallel degree ${note.tensorParallel} exceeds ${note.kvHeads} KV heads: KV heads are replicated`;
    case 'tensor-parallel-spans-instances':
      return 'the tensor-parallel group spans instances: collectives go over the network';
    case 'no-bf16-units':
      return `${note.accelerator} has no BF16 units: 16-bit work runs at its FP16 rate`;
    case 'no-fp8-units':
      return 'no FP8 tensor cores on this device: FP8 weights are upcast, compute at the 16-bit rate';
    case 'pipeline-bubble':
      return `pipeline bubble: ${round(note.idleFraction * 100, 1)}% of step time idle`;
    case 'slow-training-network':
      return `data-parallel training across instances over ${note.networkGbps} Gb/s: gradient traffic is not hidden on a network this slow (EFA-class is ${note.clusterNetworkGbps} Gb/s and up), so expect it to be slower than estimated`;
    case 'idle-devices':
      return `${note.idle} of ${note.devices} devices idle: tensor x pipeline = ${note.tensorTimesPipeline} does not divide them`;
  }
}

export function rejectionText(r: EstimateRejection): string {
  switch (r.code) {
    case 'exceeds-context':
      return `input + output tokens (${r.tokens}) exceed the model's context of ${r.contextTokens} tokens by ${r.tokens - r.contextTokens}`;
    case 'cpu-model-parallelism':
      return 'tensor and pipeline parallelism across CPU instances are not modelled';
    case 'parallelism-exceeds-devices':
      return `tensor x pipeline = ${r.product} exceeds the ${r.devices} devices of ${r.hardware}`;
    case 'tensor-does-not-divide-heads':
      return r.attentionHeads % r.tensor !== 0
        ? `tensor parallel degree must divide ${r.attentionHeads} attention heads (${r.tensor} does not)`
        : `tensor parallel degree ${r.tensor} neither divides the ${r.kvHeads} KV heads nor is a multiple of them`;
    case 'tensor-degree-unsupported':
      return `the Neuron runtime shards ${r.hardware} over ${r.supported.join(', ')} devices (chips), not ${r.tensor}`;
    case 'pipeline-exceeds-layers':
      return `pipeline degree exceeds the ${r.layers} layers`;
    case 'data-exceeds-devices':
      return 'data x tensor x pipeline exceeds the devices';
    case 'no-parallel-layout':
      return 'no parallel layout divides the devices';
    case 'engine-not-on-hardware':
      return `${r.engine} does not run on ${r.hardware} (${r.hardwareClass})`;
    case 'gguf-needs-llama-cpp':
      return `${r.precision} is a GGUF format: run it with llama.cpp (or vllm)`;
    case 'llama-cpp-needs-gguf':
      return `llama.cpp uses GGUF formats (q8_0, q4_k_m, ...), not ${r.precision}`;
    case 'neuron-precision':
      return `the Neuron SDK serves bf16, fp16, fp8 and int8 weights, not ${r.precision}`;
    case 'cpu-no-fp8':
      return 'CPUs have no fp8 arithmetic: use int8, bf16 or a GGUF format';
    case 'qlora-needs-4-bit':
      return `QLoRA keeps the base model in 4 bits (nf4 or int4), not ${r.precision}`;
    case 'full-training-precision':
      return `full training needs fp32, bf16, fp16 or fp8, not ${r.precision}`;
    case 'lora-over-gguf':
      return 'LoRA trains over bf16, fp16, fp8 or int8 base weights, not GGUF';
    case 'inference-only-accelerator':
      return `${r.accelerator} is an inference accelerator: it cannot train`;
    case 'no-training-efficiency':
      return `no training efficiency for ${r.hardware}`;
    case 'no-hardware-spec':
      return `no ${r.missing === 'cpu' ? 'CPU' : 'accelerator'} spec for ${r.hardware}`;
  }
}

/** The JSON Pointer of the request field a rejection names. */
export function rejectionPointer(r: EstimateRejection): string {
  if (r.code === 'no-hardware-spec') return '/hardware/instanceType';
  return `/${r.field.replaceAll('.', '/')}`;
}
