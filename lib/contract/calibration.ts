/**
 * Calibration: run published measurements (written as estimate requests) through the estimator
 * and compare, file each case in its calibration family, and sum the families up into the ledger
 * every estimate's `uncertainty` is read from. Used by the calibration test and `npm run calibrate`.
 */
import { estimate } from '../perf/estimate.js';
import {
  type CalibrationLedger,
  type CalibrationPhase,
  familyOf,
  type LedgerFamily,
  typicalErrorFactor,
  UNCALIBRATED_ERROR_FACTOR,
  UNCALIBRATED_SOURCE,
} from '../perf/uncertainty.js';
import { InputError } from './errors.js';
import { type EstimatorDeps, toEstimateInput, toEstimateResponse, withInputErrors } from './estimates.js';
import { type EstimateRequest, EstimateRequestSchema } from './schemas.js';

export interface CalibrationCase {
  id: string;
  /** The kind of measurement as the case file names it (decode, throughput, cpu, ...). */
  family: string;
  description: string;
  request: unknown;
  expect: {
    field: string;
    value?: number;
    equals?: unknown;
    unit?: string;
    tolerance?: number;
    transform?: { divideBy?: number };
  };
  source: string;
  confidence?: string;
}

export interface CalibrationResult {
  id: string;
  /** The calibration family (see `familyOf`): hardware class, MoE or dense, workload, phase. */
  family: string;
  description: string;
  field: string;
  unit?: string;
  measured: number | string;
  predicted: number | string;
  /** max(predicted/measured, measured/predicted); 1 is exact. Undefined for exact-answer cases. */
  errorFactor?: number;
  tolerance?: number;
  pass: boolean;
}

function readField(obj: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

/** What a case's expected field measures. */
export function phaseOfField(field: string): CalibrationPhase {
  if (field === 'fits' || field.startsWith('memory.')) return 'memory';
  if (field.startsWith('training.')) return 'training';
  if (field === 'inference.timeToFirstTokenMs') return 'prefill';
  if (field === 'inference.outputTokensPerSecond') return 'throughput';
  return 'decode';
}

/**
 * Run one case. A request the estimator refuses (a 422) is a failed case whose prediction is the
 * refusal, filed under the family its request would have.
 */
export function evaluateCase(c: CalibrationCase, deps: EstimatorDeps): CalibrationResult {
  try {
    return evaluate(c, deps);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const request: EstimateRequest = EstimateRequestSchema.parse(c.request);
    const input = toEstimateInput(request, deps);
    return {
      id: c.id,
      family: familyOf({
        hardwareClass: input.target.hardwareClass,
        moe: input.model.expertParameters > 0,
        workload: input.workload.kind,
        phase: phaseOfField(c.expect.field),
      }),
      description: c.description,
      field: c.expect.field,
      unit: c.expect.unit,
      measured: c.expect.value ?? String(c.expect.equals),
      predicted: `refused: ${error.message}`,
      tolerance: c.expect.tolerance,
      pass: false,
    };
  }
}

function evaluate(c: CalibrationCase, deps: EstimatorDeps): CalibrationResult {
  const request: EstimateRequest = EstimateRequestSchema.parse(c.request);
  const input = toEstimateInput(request, deps);
  const domain = withInputErrors(() => estimate(input));
  const response = toEstimateResponse(domain);
  const raw = readField(response, c.expect.field);
  const family = familyOf({
    hardwareClass: input.target.hardwareClass,
    engine: domain.assumptions.engine,
    moe: input.model.expertParameters > 0,
    workload: input.workload.kind,
    phase: phaseOfField(c.expect.field),
  });
  const base = {
    id: c.id,
    family,
    description: c.description,
    field: c.expect.field,
    unit: c.expect.unit,
  };
  if (c.expect.equals !== undefined) {
    return {
      ...base,
      measured: String(c.expect.equals),
      predicted: String(raw),
      pass: raw === c.expect.equals,
    };
  }
  const measured = c.expect.value ?? Number.NaN;
  const predicted = typeof raw === 'number' ? raw / (c.expect.transform?.divideBy ?? 1) : Number.NaN;
  const errorFactor = Math.max(predicted / measured, measured / predicted);
  const tolerance = c.expect.tolerance ?? 0;
  return {
    ...base,
    measured,
    predicted,
    errorFactor,
    tolerance,
    pass: Number.isFinite(errorFactor) && errorFactor <= 1 + tolerance,
  };
}

/** Geometric mean of the error factors: 1.0 is perfect, 1.25 is "off by 25% on average". */
export function geometricMeanError(results: readonly CalibrationResult[]): number {
  const factors = results.flatMap((r) => (r.errorFactor !== undefined ? [r.errorFactor] : []));
  if (factors.length === 0) return 1;
  return Math.exp(factors.reduce((s, f) => s + Math.log(f), 0) / factors.length);
}

/** Each family's cases, geometric-mean and worst error, and the typical error estimates report. */
export function buildLedger(results: readonly CalibrationResult[]): CalibrationLedger {
  const byFamily = new Map<string, CalibrationResult[]>();
  for (const r of results) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), r]);
  const families: LedgerFamily[] = [...byFamily]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, rs]) => {
      const gm = geometricMeanError(rs);
      const worst = rs.reduce<CalibrationResult | undefined>(
        (w, r) => ((r.errorFactor ?? 1) > (w?.errorFactor ?? 1) ? r : w),
        undefined,
      );
      return {
        family,
        cases: rs.length,
        geometricMeanError: round4(gm),
        worstErrorFactor: round4(worst?.errorFactor ?? 1),
        ...(worst && { worstCase: worst.id }),
        typicalErrorFactor: round4(typicalErrorFactor(rs.length, gm)),
      };
    });
  return {
    generatedBy: 'npm run calibrate:report',
    priorErrorFactor: UNCALIBRATED_ERROR_FACTOR,
    priorSource: UNCALIBRATED_SOURCE,
    families,
  };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
