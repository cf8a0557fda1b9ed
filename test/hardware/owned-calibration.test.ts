/**
 * Owned hardware against published llama.cpp measurements (CUDA on GeForce, Metal on Apple silicon):
 * test/calibration/cases-owned.json, run through the estimate (POST /v1/estimates) like the shared
 * calibration cases.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { type CalibrationCase, evaluateCase, geometricMeanError } from '../../lib/contract/calibration.js';
import { findAccelerator } from '../../lib/hardware/index.js';

const cases = JSON.parse(
  readFileSync(new URL('../calibration/cases-owned.json', import.meta.url), 'utf8'),
) as CalibrationCase[];
const results = cases.map((c) => evaluateCase(c, { findInstanceSpec }));

const acceleratorOf = (c: CalibrationCase) =>
  (c.request as { hardware: { accelerator: string } }).hardware.accelerator;

describe('Calibration: owned hardware (llama.cpp CUDA and Metal)', () => {
  it('should cover GeForce cards and Apple silicon, each case on an owned accelerator, with a source', () => {
    expect(new Set(cases.map((c) => c.family))).toEqual(new Set(['owned-gpu', 'apple']));
    for (const c of cases) {
      expect(findAccelerator(acceleratorOf(c))?.ownedOnly, c.id).toBe(true);
      expect(c.source.length, c.id).toBeGreaterThan(10);
    }
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each(results.map((r) => [`${r.id} ${r.description}`, r] as const))('%s', (_name, r) => {
    expect(r.pass, `predicted ${r.predicted}, measured ${r.measured}, error ${r.errorFactor}`).toBe(true);
  });

  // The rows are fitted to the families, not to single cases: on average within about 10%.
  it.each(['owned-gpu', 'apple'])('should stay within 15%% on average for %s', (family) => {
    expect(geometricMeanError(results.filter((r) => r.family === family))).toBeLessThan(1.15);
  });
});
