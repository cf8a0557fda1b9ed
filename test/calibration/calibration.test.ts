import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { evaluateCase } from '../../lib/contract/calibration.js';
import {
  committedCasesPath,
  loadCalibrationCases,
  sharedCasesPath,
} from '../../scripts/calibration-cases.js';

const { cases } = loadCalibrationCases();

describe('Calibration against published measurements', () => {
  it('should have cases to run', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.id} ${c.description}`, c] as const))('%s', (_name, c) => {
    const result = evaluateCase(c, { findInstanceSpec });
    expect(
      result.pass,
      `predicted ${result.predicted}, measured ${result.measured}, error ${result.errorFactor}`,
    ).toBe(true);
  });

  it.runIf(existsSync(sharedCasesPath))('should keep the committed copy equal to the shared cases', () => {
    expect(JSON.parse(readFileSync(committedCasesPath, 'utf8'))).toEqual(
      JSON.parse(readFileSync(sharedCasesPath, 'utf8')),
    );
  });
});
