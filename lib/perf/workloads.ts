/** The kinds of work an estimate covers, as the domain names them. */

export const fineTuningMethods = ['full', 'lora', 'qlora'] as const;
export type FineTuningMethod = (typeof fineTuningMethods)[number];

/** What limits an inference step (or the whole answer, when nothing fits). */
export const bottlenecks = [
  'memory-bandwidth',
  'compute',
  'interconnect',
  'overhead',
  'memory-capacity',
] as const;
export type Bottleneck = (typeof bottlenecks)[number];

/** The request shape of inference: prompt and generated tokens per request. */
export interface InferenceShape {
  inputTokens: number;
  outputTokens: number;
}

export interface InferenceWork extends InferenceShape {
  kind: 'inference';
  /** Sequences in flight; "max": as many as the KV pool holds. Default 1. */
  concurrency?: number | 'max';
}

export interface TrainingWork {
  kind: 'training';
  tokens: number;
  sequenceLength?: number;
  globalBatchTokens?: number;
  activationCheckpointing?: boolean;
  zeroStage?: 0 | 1 | 2 | 3;
}

export interface FineTuningWork {
  kind: 'fine-tuning';
  method: FineTuningMethod;
  tokens: number;
  sequenceLength?: number;
  microBatchSize?: number;
  loraRank?: number;
}

export type Work = InferenceWork | TrainingWork | FineTuningWork;

/** Parallel degrees, counted in devices (GPUs, Neuron chips). Unset: the estimator chooses. */
export interface Parallelism {
  tensor?: number;
  pipeline?: number;
  data?: number;
}
