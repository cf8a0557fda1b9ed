/**
 * What an estimate has to say besides its numbers, as data: a code and the figures behind it. The
 * edge (lib/contract) words them; the planner reads them without parsing prose.
 */
import type { Engine } from '../hardware/engines.js';

export type EstimateNote =
  /** Inference: the weights and KV of the sequences do not fit one device's usable memory. */
  | {
      code: 'does-not-fit';
      perDeviceGiB: number;
      usableGiB: number;
      capacityGiB: number;
      tensorParallel: number;
    }
  /** Training: the model states do not fit even with the strongest sharding tried. */
  | {
      code: 'training-does-not-fit';
      perDeviceGiB: number;
      usableGiB: number;
      zeroStage: number;
      activationCheckpointing: boolean;
    }
  /** `concurrency: "max"` was capped by the engine's batch limit, not by memory. */
  | { code: 'batch-capped'; engine: Engine; maxBatchSequences: number }
  /** More sequences per replica than the engine batches: the rest queue. */
  | { code: 'requests-queue'; engine: Engine; maxBatchSequences: number }
  | { code: 'kv-heads-replicated'; tensorParallel: number; kvHeads: number }
  | { code: 'tensor-parallel-spans-instances' }
  | { code: 'no-bf16-units'; accelerator: string }
  | { code: 'no-fp8-units' }
  | { code: 'pipeline-bubble'; idleFraction: number }
  | { code: 'slow-training-network'; networkGbps: number; clusterNetworkGbps: number }
  | { code: 'idle-devices'; idle: number; devices: number; tensorTimesPipeline: number };

export type EstimateNoteCode = EstimateNote['code'];
