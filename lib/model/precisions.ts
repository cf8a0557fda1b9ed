/** Weight (or KV cache) number formats: IEEE and ML formats, then llama.cpp's GGUF quantizations. */
export const precisionIds = [
  'fp32',
  'bf16',
  'fp16',
  'fp8',
  'int8',
  'int4',
  'nf4',
  'q8_0',
  'q6_k',
  'q5_k_m',
  'q4_k_m',
  'q4_0',
  'q3_k_m',
] as const;
export type Precision = (typeof precisionIds)[number];

/**
 * Which peak the arithmetic runs at. Weight-only formats (int4, nf4, GGUF) dequantize to 16-bit on
 * GPUs; on CPUs llama.cpp quantizes activations to 8 bits and uses integer dot products.
 */
export type ComputeFormat = 'fp32' | 'fp16' | 'fp8' | 'int8' | 'weight-only';

export interface PrecisionSpec {
  id: Precision;
  /** Real storage cost per weight, including block scales and zero points. */
  bitsPerWeight: number;
  compute: ComputeFormat;
  /** A GGUF format (llama.cpp's native quantizations). */
  gguf: boolean;
  source: string;
}

export const precisions: readonly PrecisionSpec[] = [
  { id: 'fp32', bitsPerWeight: 32, compute: 'fp32', gguf: false, source: 'IEEE 754 single' },
  { id: 'bf16', bitsPerWeight: 16, compute: 'fp16', gguf: false, source: 'bfloat16' },
  { id: 'fp16', bitsPerWeight: 16, compute: 'fp16', gguf: false, source: 'IEEE 754 half' },
  { id: 'fp8', bitsPerWeight: 8, compute: 'fp8', gguf: false, source: 'FP8 E4M3 with per-tensor scales' },
  {
    id: 'int8',
    bitsPerWeight: 8,
    compute: 'int8',
    gguf: false,
    source: 'INT8 per-channel (SmoothQuant W8A8)',
  },
  {
    id: 'int4',
    bitsPerWeight: 4.25,
    compute: 'weight-only',
    gguf: false,
    source: 'AWQ/GPTQ 4-bit, group size 128: a 16-bit scale and 4-bit zero per 128 weights',
  },
  {
    id: 'nf4',
    bitsPerWeight: 4.127,
    compute: 'weight-only',
    gguf: false,
    source: 'QLoRA paper: NF4 with double quantization, 4.127 bits per parameter',
  },
  {
    id: 'q8_0',
    bitsPerWeight: 8.5,
    compute: 'int8',
    gguf: true,
    source: 'llama.cpp ggml-common.h: 34 bytes per 32 weights',
  },
  {
    id: 'q6_k',
    bitsPerWeight: 6.5625,
    compute: 'int8',
    gguf: true,
    source: 'llama.cpp k-quants: 210 bytes per 256 weights',
  },
  {
    id: 'q5_k_m',
    bitsPerWeight: 5.69,
    compute: 'int8',
    gguf: true,
    source: 'llama.cpp quantize table: 7B q5_k_m 4.78 GB (mix of q5_K and q6_K)',
  },
  {
    id: 'q4_k_m',
    bitsPerWeight: 4.85,
    compute: 'int8',
    gguf: true,
    source: 'llama.cpp quantize table: 7B q4_k_m 4.08 GB (mix of q4_K and q6_K)',
  },
  {
    id: 'q4_0',
    bitsPerWeight: 4.5,
    compute: 'int8',
    gguf: true,
    source: 'llama.cpp ggml-common.h: 18 bytes per 32 weights',
  },
  {
    id: 'q3_k_m',
    bitsPerWeight: 3.91,
    compute: 'int8',
    gguf: true,
    source: 'llama.cpp quantize table: 7B q3_k_m 3.30 GB (mix of q3_K, q4_K and q5_K)',
  },
];

const byId = new Map<string, PrecisionSpec>(precisions.map((p) => [p.id, p]));

export function precisionSpec(id: Precision): PrecisionSpec {
  const spec = byId.get(id);
  if (!spec) throw new RangeError(`unknown precision ${id}`);
  return spec;
}

export const bytesPerWeight = (id: Precision): number => precisionSpec(id).bitsPerWeight / 8;
