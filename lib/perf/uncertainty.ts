/**
 * How far to trust an estimate: the calibration family it falls in, the typical error factor of
 * that family against published measurements, and how many measurements that rests on.
 *
 * The families come from one pure classification (hardware class, MoE or dense, workload kind,
 * phase), used both by the calibration runner (to file each published case) and by every estimate
 * (to say which cases vouch for it). The figures come from the ledger the calibration report
 * writes (`npm run calibrate:report` → lib/perf/calibration-ledger.ts and CALIBRATION.md).
 */

import type { HardwareClass } from '../hardware/accelerators.js';
import type { Engine } from '../hardware/engines.js';
import { calibrationLedger } from './calibration-ledger.js';
import type { Estimate } from './result.js';

/** What a calibration case measures, or what an estimate's headline number is. */
export type CalibrationPhase = 'decode' | 'prefill' | 'throughput' | 'training' | 'memory';

export interface FamilyKey {
  hardwareClass: HardwareClass;
  /** Engine of the estimate; families do not split by engine yet (too few cases per engine). */
  engine?: Engine;
  /** Mixture of experts (routed experts), as opposed to a dense model. */
  moe: boolean;
  workload: 'inference' | 'training' | 'fine-tuning';
  phase: CalibrationPhase;
}

export interface Uncertainty {
  family: string;
  /**
   * Typical max(predicted/measured, measured/predicted) for this family: the geometric mean of the
   * family's calibration errors, shrunk toward the uncalibrated prior by one pseudo-case (a family
   * vouched for by one lucky case is not as certain as its one error says).
   */
  typicalErrorFactor: number;
  /** Published measurements behind the figure (0: the prior alone). */
  cases: number;
}

export interface LedgerFamily {
  family: string;
  cases: number;
  /** Geometric mean of the error factors of the cases with a numeric answer (1 when none). */
  geometricMeanError: number;
  worstErrorFactor: number;
  worstCase?: string;
  typicalErrorFactor: number;
}

export interface CalibrationLedger {
  generatedBy: string;
  priorErrorFactor: number;
  priorSource: string;
  families: readonly LedgerFamily[];
}

/**
 * The typical error of an estimate no published case vouches for: published comparisons of
 * uncalibrated roofline models against measured LLM serving and training put them 1.4x to 4x off;
 * 2x is the geometric middle of what they report for the common (dense, GPU) cases.
 */
export const UNCALIBRATED_ERROR_FACTOR = 2;
export const UNCALIBRATED_SOURCE =
  'uncalibrated roofline estimates are 1.4-4x off measured LLM serving and training in published comparisons (LLM-Viewer, LLMCompass and Vidur evaluations); 2x assumed';

/** Pseudo-cases at the prior that a family's own cases are weighed against. */
const PRIOR_WEIGHT = 1;

/** The shrunk typical error of `cases` cases whose error factors have geometric mean `gm`. */
export function typicalErrorFactor(
  cases: number,
  geometricMeanError: number,
  prior = UNCALIBRATED_ERROR_FACTOR,
) {
  const logTypical =
    (cases * Math.log(geometricMeanError) + PRIOR_WEIGHT * Math.log(prior)) / (cases + PRIOR_WEIGHT);
  return Math.exp(logTypical);
}

/** Cloud GPUs share families; AWS chips, CPUs, GeForce cards and Apple silicon have their own. */
function hardwarePrefix(c: HardwareClass): 'gpu' | 'neuron' | 'cpu' | 'consumer-gpu' | 'apple' {
  if (c === 'neuron' || c === 'cpu' || c === 'consumer-gpu') return c;
  if (c === 'apple-silicon') return 'apple';
  return 'gpu';
}

/**
 * The calibration family of an estimate or a case. Memory answers (does it fit, how big is the KV
 * cache) are one family on any hardware; inference splits by hardware (cloud GPU, Neuron, CPU,
 * GeForce, Apple silicon), by MoE on cloud GPUs, and by phase; training splits into dense GPU, MoE,
 * Neuron (Trainium) and the other hardware; fine-tuning throughput is its own family, on cloud GPUs
 * and on each other kind of hardware.
 */
export function familyOf(key: FamilyKey): string {
  if (key.phase === 'memory') return 'memory';
  const hw = hardwarePrefix(key.hardwareClass);
  // CPU fine-tuning runs at a few per cent of peak and is calibrated on its own cases.
  if (key.workload === 'fine-tuning') return hw === 'gpu' ? 'fine-tuning' : `fine-tuning-${hw}`;
  if (key.workload === 'training') {
    if (hw === 'neuron') return 'training-neuron';
    if (hw !== 'gpu') return `training-${hw}`;
    return key.moe ? 'training-moe' : 'training-dense';
  }
  const phase = key.phase === 'training' ? 'throughput' : key.phase;
  if (hw === 'gpu') return `${key.moe ? 'moe' : 'gpu'}-${phase}`;
  return `${hw}-${phase}`;
}

/** The family of `key` with its typical error from `ledger` (the committed one by default). */
export function uncertaintyFor(key: FamilyKey, ledger: CalibrationLedger = calibrationLedger): Uncertainty {
  const family = familyOf(key);
  const row = ledger.families.find((f) => f.family === family);
  if (!row) return { family, typicalErrorFactor: ledger.priorErrorFactor, cases: 0 };
  return { family, typicalErrorFactor: row.typicalErrorFactor, cases: row.cases };
}

/**
 * The phase an estimate's headline number belongs to: memory when it does not fit; for inference,
 * throughput when sequences share the device, prefill when one request's latency is mostly its
 * prompt, decode otherwise.
 */
export function estimatePhase(e: Estimate): CalibrationPhase {
  if (!e.fits) return 'memory';
  if (e.kind === 'training') return 'training';
  const p = e.inference;
  if (!p) return 'memory';
  if (p.concurrency > 1) return 'throughput';
  const generating = p.requestLatencyMs - p.timeToFirstTokenMs;
  return p.timeToFirstTokenMs >= generating ? 'prefill' : 'decode';
}
