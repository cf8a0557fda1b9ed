/**
 * What the planner assumes when the caller does not say. Each value states where it comes from;
 * the plan's `rationale` repeats the ones it used.
 */

import type { HardwareClass } from '../hardware/accelerators.js';
import type { Precision } from '../model/precisions.js';

export interface SloDefaults {
  timeToFirstTokenMs: number;
  timePerOutputTokenMs: number;
  why: string;
}

export const defaultSlo: Record<'personal' | 'customer-facing', SloDefaults> = {
  personal: {
    timeToFirstTokenMs: 2000,
    timePerOutputTokenMs: 100,
    why: 'one person reading a chat: about 10 generated tokens per second (faster than reading speed) and a first token within about 2 s',
  },
  'customer-facing': {
    timeToFirstTokenMs: 1000,
    timePerOutputTokenMs: 50,
    why: 'interactive serving defaults: a first token within 1 s and 20 tokens per second per stream (between the MLPerf Inference server and interactive Llama-2-70B latency limits)',
  },
};

/**
 * Hardware the caller owns is recommended when it misses an SLO the caller did not state by at most
 * this factor: the defaults are a rule of thumb for what a person needs, not their requirement, and a
 * machine they have costs nothing more to run, so 8.5 tokens/s against a 10 tokens/s default is no
 * reason to rent one. The plan says it falls short of the default and how to insist on it (state
 * the SLO); a stated SLO is always held.
 */
export const OWNED_DEFAULT_SLO_SLACK = 1.25;

/**
 * A job's instances are billed from launch, before the first token: about 5 minutes to boot a GPU
 * or Neuron AMI and start the engine (EC2 launch to SSH is 1-2 minutes; vLLM or Neuron start-up with
 * CUDA graph capture or a precompiled Neuron artifact, a few more), then the weights are read at
 * about 1 GB/s per instance (an S3 download or an EBS gp3 volume at its 1,000 MB/s maximum
 * throughput). EC2's per-second billing has a 60-second minimum, which this always exceeds.
 */
export const JOB_START_MINUTES = 5;
export const WEIGHT_LOAD_GB_PER_SECOND = 1;

/** Daily volumes are not flat: size for a peak hour at twice the daily average (a common capacity rule). */
export const REQUESTS_PER_DAY_PEAK_FACTOR = 2;

export { HOURS_PER_MONTH } from './offers.js';

/** Largest pipeline of instances the planner builds for a model that does not fit one instance. */
export const MAX_INSTANCES_PER_REPLICA = 4;

/** Data-parallel training across instances only on a cluster network (see lib/perf). */
export { CLUSTER_NETWORK_GBPS as MIN_CLUSTER_NETWORK_GBPS } from '../perf/training-efficiency.js';

/** Largest fleet the planner will size for traffic, and the largest training cluster it tries. */
export const MAX_REPLICAS = 1024;
export const MAX_TRAINING_INSTANCES = 512;

/**
 * Precisions `precision: "auto"` may choose for inference, most faithful first (on equal cost the
 * planner keeps the more faithful one). GPUs: 16-bit, FP8 where the hardware has FP8 units, INT8,
 * 4-bit AWQ/GPTQ. Neuron: 16-bit and INT8. CPUs and owned hardware: GGUF formats for llama.cpp.
 */
export const autoInferencePrecisions: Record<HardwareClass, readonly Precision[]> = {
  'datacenter-gpu': ['bf16', 'fp8', 'int8', 'int4'],
  'pcie-gpu': ['bf16', 'fp8', 'int8', 'int4'],
  neuron: ['bf16', 'int8'],
  cpu: ['bf16', 'q8_0', 'q4_k_m'],
  // Owned hardware runs llama.cpp by default (GGUF formats).
  'consumer-gpu': ['bf16', 'q8_0', 'q4_k_m'],
  'apple-silicon': ['bf16', 'q8_0', 'q4_k_m'],
};

/**
 * A workload needing more than this on one accelerator needs a large-memory GPU: the usable memory
 * of the commonest single GPUs on EC2 (A10G and L4, "24 GB", 22.5 GiB visible to CUDA).
 */
export const LARGE_MODEL_DEVICE_GIB = 22.5;

/**
 * A fleet runs each replica at most at this share of what it sustains within the SLO: the headroom
 * that absorbs bursts above the sized peak and a replica's restart (a common capacity-planning
 * rule: keep steady-state utilization near 70-80%).
 */
export const DEFAULT_TARGET_UTILIZATION = 0.8;

/**
 * Demand with at most about this many requests in flight at peak (Little's law on the plan's own
 * latency) is one caller's: personal (DESIGN §1).
 */
export const PERSONAL_MAX_IN_FLIGHT = 1;

/**
 * When no traffic is given the plan is for one person; its volume is assumed to be this many
 * requests a day (an active chat user: a few dozen prompts a day) and said so.
 */
export const ASSUMED_PERSONAL_REQUESTS_PER_DAY = 50;

/** A part-time alternative for one person who did not say their hours: a working day. */
export const ASSUMED_PERSONAL_ACTIVE_HOURS = 8;

/**
 * No stream is generated faster than this (ms per token; about 2,000 tokens/s): a floor on a
 * request's latency that tells sustained traffic from one caller's without a search.
 */
export const MIN_TIME_PER_OUTPUT_TOKEN_MS = 0.5;

/** Alternatives a person would consider: the fastest within this multiple of the plan's cost. */
export const FASTEST_ALTERNATIVE_MAX_COST_MULTIPLE = 3;

/** Other hardware kinds are shown within this multiple of the plan's cost, and fleets of CPUs up to this size. */
export const OTHER_KIND_MAX_COST_MULTIPLE = 10;
export const MAX_SENSIBLE_CPU_INSTANCES = 8;

/**
 * The largest fleet a batch job is planned on: a few hundred instances of a type is about what an
 * account can start on demand (service quotas and regional capacity); beyond it a deadline is
 * missed, and said so, rather than met on paper.
 */
export const MAX_BATCH_INSTANCES = 256;
