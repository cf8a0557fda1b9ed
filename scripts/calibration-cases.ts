/**
 * Where the calibration cases come from: the shared, authoritative file beside the repository when
 * it is there (../shared/calibration/cases.json), else the copy committed in test/calibration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CalibrationCase } from '../lib/contract/calibration.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedCasesPath = resolve(repoRoot, '../shared/calibration/cases.json');
export const committedCasesPath = resolve(repoRoot, 'test/calibration/cases.json');

export function loadCalibrationCases(): { cases: CalibrationCase[]; path: string } {
  const path = existsSync(sharedCasesPath) ? sharedCasesPath : committedCasesPath;
  return { cases: JSON.parse(readFileSync(path, 'utf8')) as CalibrationCase[], path };
}
