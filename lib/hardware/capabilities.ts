/**
 * What each accelerator can do, as data the estimator and planner ask instead of scattered rules
 * (issue 10): the number formats it computes natively, what one tensor-parallel rank runs on, whether
 * its software pads attention heads, and the tensor-parallel degrees that are valid on it.
 *
 * Degrees are counted in devices, as DESIGN §4 counts them (GPUs, or Neuron chips). Neuron shards
 * over NeuronCores (2 per Inferentia2 or Trainium chip; 4 logical cores per Trainium2 chip at the
 * default LNC=2, each two of its 8 physical cores), so "TP 24 on inf2.48xlarge" in Neuron's docs is
 * 12 devices here. Neuron pads attention heads up to a multiple of the core count, so a degree that
 * does not divide the heads is valid there; GPU engines (vLLM, TensorRT-LLM) require it to divide.
 */
import {
  type AcceleratorId,
  type AcceleratorSpec,
  acceleratorIds,
  findAccelerator,
  type PeakTflops,
} from './accelerators.js';

/** Arithmetic formats, widest first. */
export const computePrecisions = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
export type ComputePrecision = (typeof computePrecisions)[number];

export interface ShardingUnit {
  /** What one tensor-parallel rank runs on. */
  kind: 'device' | 'neuron-core';
  /** Ranks per device: 1 for GPUs, 2 NeuronCores per Inferentia2/Trainium chip, 4 logical per Trainium2. */
  perDevice: number;
  /** Physical cores per device behind those ranks (Trainium2: 8). */
  physicalPerDevice: number;
}

export interface AcceleratorCapabilities {
  accelerator: AcceleratorId;
  /** Formats the device computes in natively (matrix/tensor units or ALUs at their own rate). */
  nativePrecisions: readonly ComputePrecision[];
  /**
   * Formats it accepts but computes in another one: bf16 runs as fp16 on T4 and V100 (no BF16 units)
   * and on Apple GPUs; FP8 or INT8 weights without native units are dequantized to 16 bits.
   */
  runsAs: Partial<Record<ComputePrecision, ComputePrecision>>;
  shardingUnit: ShardingUnit;
  /** The software pads attention heads to a multiple of the ranks (Neuron), so any degree shards. */
  padsAttentionHeads: boolean;
  /** Tensor-parallel degrees the runtime supports, in ranks (Neuron); undefined: any that shards. */
  tensorDegreesInRanks?: readonly number[];
  /** Largest tensor-parallel group, devices: one NVLink / NeuronLink / PCIe machine; 1 for a Mac. */
  maxTensorDevices: number;
  /** Several devices can hold one model together (false for Macs: one Mac is one device). */
  poolable: boolean;
  source: string;
}

const GPU_UNIT: ShardingUnit = { kind: 'device', perDevice: 1, physicalPerDevice: 1 };

/** The parts of the table that do not follow from the spec rows. */
const neuronCapabilities: Partial<
  Record<
    AcceleratorId,
    Pick<AcceleratorCapabilities, 'shardingUnit' | 'tensorDegreesInRanks' | 'source'> & {
      /** Formats the datasheet rates but the SDK does not compute in (weights are dequantized instead). */
      notNative: readonly ComputePrecision[];
    }
  >
> = {
  inferentia2: {
    shardingUnit: { kind: 'neuron-core', perDevice: 2, physicalPerDevice: 2 },
    // The runtime's list (1, 2, 4, 8, 24) plus 12, the whole inf2.24xlarge, which the same guide
    // recommends ("set the tensor parallelism equal to the NeuronCores available on an instance").
    tensorDegreesInRanks: [1, 2, 4, 8, 12, 24],
    notNative: ['int8'],
    source:
      'AWS Neuron Inferentia2 architecture (2 NeuronCore-v2 per chip; 190 TFLOPS FP16/BF16/cFP8/TF32: cFP8 at the BF16 rate) and data types (NeuronCore-v2: FP32, TF32, BF16, FP16, cFP8, UINT8, with compiler support for UINT8 still planned: int8 is weight storage dequantized to bf16, transformers-neuronx QuantizationConfig); transformers-neuronx developer guide: tensor-parallel degrees 1, 2, 4, 8 and 24 NeuronCores on Inf2; NxD Inference pads attention heads to the TP degree',
  },
  trainium: {
    shardingUnit: { kind: 'neuron-core', perDevice: 2, physicalPerDevice: 2 },
    tensorDegreesInRanks: [1, 2, 8, 32],
    notNative: ['int8'],
    source:
      'AWS Neuron Trainium architecture (2 NeuronCore-v2 per chip, cFP8 at the BF16 rate) and data types; transformers-neuronx developer guide: tensor-parallel degrees 1, 2, 8 and 32 NeuronCores on Trn1; NxD pads attention heads to the TP degree',
  },
  trainium2: {
    shardingUnit: { kind: 'neuron-core', perDevice: 4, physicalPerDevice: 8 },
    tensorDegreesInRanks: [1, 2, 4, 8, 16, 32, 64],
    notNative: ['int8'],
    source:
      'AWS Neuron Trainium2 architecture (8 NeuronCore-v3 per chip; 158 cFP8 / 79 BF16 TFLOPS per core); Logical NeuronCore configuration LNC=2 (default): 4 logical cores per chip, 64 ranks per trn2.48xlarge; training best practices: keep TP4 within a chip',
  },
};

/** Formats the row has a dense peak for: the datasheet says the device computes them natively. */
function nativeFrom(peak: PeakTflops): ComputePrecision[] {
  return computePrecisions.filter((p) => peak[p] !== undefined);
}

function runsAsFor(native: readonly ComputePrecision[]): AcceleratorCapabilities['runsAs'] {
  const sixteen: ComputePrecision = native.includes('bf16') ? 'bf16' : 'fp16';
  const out: AcceleratorCapabilities['runsAs'] = {};
  if (!native.includes('bf16')) out.bf16 = 'fp16';
  if (!native.includes('fp16')) out.fp16 = sixteen;
  for (const p of ['fp8', 'int8', 'int4'] as const) if (!native.includes(p)) out[p] = sixteen;
  return out;
}

function build(spec: AcceleratorSpec): AcceleratorCapabilities {
  const neuron = neuronCapabilities[spec.id];
  const nativePrecisions = nativeFrom(spec.peakTflops).filter((p) => !neuron?.notNative.includes(p));
  const poolable = spec.unifiedMemory === undefined;
  const why =
    spec.kind === 'neuron'
      ? ''
      : spec.unifiedMemory
        ? 'Apple GPU: FP16 at the FP32 rate, no INT8 or FP8 matrix units, BF16 emulated (huggingface/transformers#40458); one Mac is one device'
        : nativePrecisions.includes('bf16')
          ? 'formats with a dense peak on the datasheet; GPU tensor parallelism needs the degree to divide the attention heads (vLLM, TensorRT-LLM)'
          : 'no BF16 units on the datasheet: bf16 weights run as fp16; GPU tensor parallelism needs the degree to divide the attention heads';
  return {
    accelerator: spec.id,
    nativePrecisions,
    runsAs: runsAsFor(nativePrecisions),
    shardingUnit: neuron?.shardingUnit ?? GPU_UNIT,
    padsAttentionHeads: neuron !== undefined,
    ...(neuron?.tensorDegreesInRanks && { tensorDegreesInRanks: neuron.tensorDegreesInRanks }),
    maxTensorDevices: poolable ? spec.devicesPerNode : 1,
    poolable,
    source: neuron?.source ?? `${why} (${spec.name} row: ${spec.source})`,
  };
}

const table = new Map<string, AcceleratorCapabilities>(
  acceleratorIds.flatMap((id) => {
    const spec = findAccelerator(id);
    return spec ? [[id, build(spec)] as const] : [];
  }),
);

/** The capabilities of an accelerator, or undefined for an unknown id. */
export function capabilitiesOf(accelerator: string): AcceleratorCapabilities | undefined {
  return table.get(accelerator);
}

/** Formats the accelerator computes natively; [] for an unknown id. */
export function nativeComputePrecisions(accelerator: string): readonly ComputePrecision[] {
  return table.get(accelerator)?.nativePrecisions ?? [];
}

/** The format work in `precision` actually runs in on the accelerator (bf16 on a T4: fp16). */
export function runsAs(accelerator: string, precision: ComputePrecision): ComputePrecision {
  return table.get(accelerator)?.runsAs[precision] ?? precision;
}

export interface TensorShardingQuery {
  /** Undefined for CPU instances (no tensor parallelism across them). */
  accelerator?: string;
  /** Devices available (GPUs or Neuron chips). */
  devices: number;
  attentionHeads: number;
  /** Default attentionHeads. */
  kvHeads?: number;
}

/**
 * Tensor-parallel degrees valid on `devices` devices, in devices, ascending. GPUs: degrees up to one
 * machine's devices that divide the attention heads, and whose KV heads either divide evenly or are
 * replicated evenly (vLLM's rule). Neuron: the runtime's degrees in NeuronCores that make whole
 * chips, within one instance; heads are padded, so any head count shards. A Mac or a CPU: [1].
 *
 * @example
 * validTensorDegrees({ accelerator: 'inferentia2', devices: 12, attentionHeads: 64 }) // [1, 2, 4, 6, 12]
 * validTensorDegrees({ accelerator: 'h100', devices: 8, attentionHeads: 32 })          // [1, 2, 4, 8]
 */
export function validTensorDegrees(q: TensorShardingQuery): number[] {
  // A pure function of four numbers that every estimate asks: kept (a few hundred keys at most).
  const key = `${q.accelerator}/${q.devices}/${q.attentionHeads}/${q.kvHeads}`;
  const cached = degreeCache.get(key);
  if (cached) return cached;
  const degrees = computeValidTensorDegrees(q);
  if (degreeCache.size < 4096) degreeCache.set(key, degrees);
  return degrees;
}

const degreeCache = new Map<string, number[]>();

function computeValidTensorDegrees(q: TensorShardingQuery): number[] {
  const caps = q.accelerator === undefined ? undefined : table.get(q.accelerator);
  if (!caps) return [1];
  const limit = Math.min(Math.floor(q.devices), caps.maxTensorDevices);
  if (limit < 1) return [];
  if (caps.tensorDegreesInRanks) {
    const perDevice = caps.shardingUnit.perDevice;
    const degrees = caps.tensorDegreesInRanks
      .filter((ranks) => ranks % perDevice === 0)
      .map((ranks) => ranks / perDevice)
      .filter((d) => d >= 1 && d <= limit);
    return degrees.length ? degrees : [1];
  }
  const out: number[] = [];
  for (let t = 1; t <= limit; t++)
    if (headsPerShard({ ...q, accelerator: caps.accelerator, tensorDevices: t }).valid) out.push(t);
  return out;
}

export interface HeadsPerShard {
  /** Whether the heads shard over this degree at all (GPUs: the degree divides them). */
  valid: boolean;
  /** Tensor-parallel ranks: devices x ranks per device. */
  ranks: number;
  /** Attention heads after padding to a multiple of the ranks (Neuron), else the model's. */
  paddedAttentionHeads: number;
  attentionHeadsPerDevice: number;
  /** KV heads each device stores (replicated when there are fewer KV heads than ranks). */
  kvHeadsPerDevice: number;
  /** How many ranks hold a copy of each KV head (1: no replication). */
  kvReplication: number;
  /** Attention work and weights padded heads add: paddedAttentionHeads / attentionHeads. */
  paddingFactor: number;
  problem?: string;
}

/**
 * How attention heads land on `tensorDevices` devices of an accelerator.
 *
 * @example
 * // Llama 3 70B (64 heads, 8 KV heads) on inf2.48xlarge at TP 24 NeuronCores (12 chips): padded to
 * // 72 heads, 6 per chip; each core keeps one KV head (3 copies of each).
 * headsPerShard({ accelerator: 'inferentia2', tensorDevices: 12, attentionHeads: 64, kvHeads: 8 })
 */
export function headsPerShard(q: {
  accelerator?: string;
  tensorDevices: number;
  attentionHeads: number;
  kvHeads?: number;
}): HeadsPerShard {
  const caps = q.accelerator === undefined ? undefined : table.get(q.accelerator);
  const perDevice = caps?.shardingUnit.perDevice ?? 1;
  const ranks = q.tensorDevices * perDevice;
  const heads = q.attentionHeads;
  const kv = q.kvHeads ?? heads;
  if (caps?.padsAttentionHeads) {
    const perRank = Math.ceil(heads / ranks);
    const kvPerRank = Math.ceil(kv / ranks);
    return {
      valid: true,
      ranks,
      paddedAttentionHeads: perRank * ranks,
      attentionHeadsPerDevice: perRank * perDevice,
      kvHeadsPerDevice: kvPerRank * perDevice,
      kvReplication: kv >= ranks ? 1 : ranks / kv,
      paddingFactor: (perRank * ranks) / heads,
    };
  }
  const t = ranks;
  const headsDivide = heads % t === 0;
  const kvShards = kv % t === 0 || t % kv === 0;
  const problem = !headsDivide
    ? `tensor parallel degree ${t} does not divide the ${heads} attention heads`
    : !kvShards
      ? `tensor parallel degree ${t} neither divides the ${kv} KV heads nor is a multiple of them`
      : undefined;
  return {
    valid: problem === undefined,
    ranks,
    paddedAttentionHeads: heads,
    attentionHeadsPerDevice: heads / t,
    kvHeadsPerDevice: kv >= t ? kv / t : 1,
    kvReplication: kv >= t ? 1 : t / kv,
    paddingFactor: 1,
    ...(problem !== undefined && { problem }),
  };
}
