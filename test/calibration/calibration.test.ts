import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { buildLedger, evaluateCase } from '../../lib/contract/calibration.js';
import { calibrationLedger } from '../../lib/perf/calibration-ledger.js';
import {
  calibrationCaseFiles,
  committedCasesDir,
  loadCalibrationCases,
  sharedCasesDir,
} from '../../scripts/calibration-cases.js';

const { cases, files } = loadCalibrationCases();
const results = cases.map((c) => evaluateCase(c, { findInstanceSpec }));

/** No calibration family may be off by more than this on average (issue 11). */
const MAX_FAMILY_GEOMETRIC_MEAN_ERROR = 1.25;

describe('Calibration against published measurements', () => {
  it('should read every cases*.json file in test/calibration', () => {
    expect(files.map((f) => basename(f))).toEqual(expect.arrayContaining(['cases.json', 'cases-2.json']));
    expect(cases.length).toBeGreaterThanOrEqual(24);
  });

  it.each(results.map((r) => [`${r.id} ${r.description}`, r] as const))('%s', (_name, result) => {
    expect(
      result.pass,
      `predicted ${result.predicted}, measured ${result.measured}, error ${result.errorFactor}`,
    ).toBe(true);
  });

  it(`should keep every family's geometric-mean error within ${MAX_FAMILY_GEOMETRIC_MEAN_ERROR}x`, () => {
    const tooFar = buildLedger(results).families.filter(
      (f) => f.geometricMeanError > MAX_FAMILY_GEOMETRIC_MEAN_ERROR,
    );
    expect(tooFar).toEqual([]);
  });

  it('should have the committed ledger written from these cases (npm run calibrate:report)', () => {
    expect(calibrationLedger.families).toEqual(buildLedger(results).families);
  });

  const shared = calibrationCaseFiles(sharedCasesDir);
  it('should keep the committed copies equal to the shared cases (when present)', (ctx) => {
    if (shared.length === 0)
      ctx.skip(
        `shared calibration cases not found in ${sharedCasesDir}: the committed copies are used as they are`,
      );
    for (const sharedFile of shared) {
      const committed = resolve(committedCasesDir, basename(sharedFile));
      expect(existsSync(committed), `${basename(sharedFile)} is copied into test/calibration`).toBe(true);
      expect(JSON.parse(readFileSync(committed, 'utf8')), basename(sharedFile)).toEqual(
        JSON.parse(readFileSync(sharedFile, 'utf8')),
      );
    }
  });
});
