/**
 * Why a well-formed estimate cannot be made as asked, as data. `field` names the part of the input
 * at fault in the domain's terms; the edge (lib/contract) turns it into a JSON Pointer and words it.
 */
import type { Engine } from '../hardware/engines.js';
import type { Precision } from '../model/precisions.js';

export type EstimateField =
  | 'model'
  | 'hardware'
  | 'engine'
  | 'precision'
  | 'parallelism'
  | 'parallelism.tensor'
  | 'parallelism.pipeline'
  | 'parallelism.data'
  | 'workload.inputTokens';

export type EstimateRejection =
  /** Prompt plus output is longer than the model's context window. */
  | { code: 'exceeds-context'; field: 'workload.inputTokens'; tokens: number; contextTokens: number }
  | { code: 'cpu-model-parallelism'; field: 'parallelism' }
  | {
      code: 'parallelism-exceeds-devices';
      field: 'parallelism.tensor' | 'parallelism.pipeline';
      product: number;
      devices: number;
      hardware: string;
    }
  | {
      code: 'tensor-does-not-divide-heads';
      field: 'parallelism.tensor';
      attentionHeads: number;
      kvHeads: number;
      tensor: number;
    }
  /** Neuron: the runtime shards only over some core counts. */
  | {
      code: 'tensor-degree-unsupported';
      field: 'parallelism.tensor';
      tensor: number;
      supported: readonly number[];
      hardware: string;
    }
  | { code: 'pipeline-exceeds-layers'; field: 'parallelism.pipeline'; layers: number }
  | { code: 'data-exceeds-devices'; field: 'parallelism.data' }
  | { code: 'no-parallel-layout'; field: 'parallelism' }
  | {
      code: 'engine-not-on-hardware';
      field: 'engine';
      engine: Engine;
      hardware: string;
      hardwareClass: string;
    }
  | { code: 'gguf-needs-llama-cpp'; field: 'precision'; precision: Precision }
  | { code: 'llama-cpp-needs-gguf'; field: 'precision'; precision: Precision }
  | { code: 'neuron-precision'; field: 'precision'; precision: Precision }
  | { code: 'cpu-no-fp8'; field: 'precision' }
  | { code: 'qlora-needs-4-bit'; field: 'precision'; precision: Precision }
  | { code: 'full-training-precision'; field: 'precision'; precision: Precision }
  | { code: 'lora-over-gguf'; field: 'precision' }
  | { code: 'inference-only-accelerator'; field: 'hardware'; accelerator: string }
  | { code: 'no-training-efficiency'; field: 'hardware'; hardware: string }
  | { code: 'no-hardware-spec'; field: 'hardware'; hardware: string; missing: 'accelerator' | 'cpu' };

export type EstimateRejectionCode = EstimateRejection['code'];

/** A well-formed request the estimator cannot answer as asked; `rejection` says why, as data. */
export class UnsupportedEstimateError extends Error {
  override readonly name = 'UnsupportedEstimateError';
  constructor(readonly rejection: EstimateRejection) {
    super(rejection.code);
  }
}
