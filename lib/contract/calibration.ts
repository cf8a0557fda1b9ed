/**
 * Calibration: run published measurements (written as estimate requests) through the estimator
 * and compare. Used by the calibration test and `npm run calibrate`.
 */
import { type EstimatorDeps, estimateV1 } from './estimates.js';
import { type EstimateRequest, EstimateRequestSchema } from './schemas.js';

export interface CalibrationCase {
  id: string;
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

export function evaluateCase(c: CalibrationCase, deps: EstimatorDeps): CalibrationResult {
  const request: EstimateRequest = EstimateRequestSchema.parse(c.request);
  const response = estimateV1(request, deps);
  const raw = readField(response, c.expect.field);
  const base = {
    id: c.id,
    family: c.family,
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
