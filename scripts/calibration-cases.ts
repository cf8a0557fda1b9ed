/**
 * Where the calibration cases come from: every `test/calibration/cases*.json` in the repository
 * (cases.json first, then the others by name), so a new file of published measurements is picked up
 * by the test, `npm run calibrate` and the report without touching code. When the shared copies are
 * beside the repository (../shared/calibration), the test checks the committed files still equal them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CalibrationCase } from '../lib/contract/calibration.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const committedCasesDir = resolve(repoRoot, 'test/calibration');
export const sharedCasesDir = resolve(repoRoot, '../shared/calibration');

const CASES_FILE = /^cases.*\.json$/;

/** The case files, `cases.json` first, then the others in name order. */
export function calibrationCaseFiles(dir = committedCasesDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => CASES_FILE.test(name))
    .sort((a, b) => (a === 'cases.json' ? -1 : b === 'cases.json' ? 1 : a.localeCompare(b)))
    .map((name) => resolve(dir, name));
}

/**
 * Every committed case. Ids are unique within a file; an id another file already used is shown as
 * `<file>:<id>` (cases-owned.json's A01 becomes owned:A01), so every case keeps one name in the report.
 */
export function loadCalibrationCases(): { cases: CalibrationCase[]; files: string[] } {
  const files = calibrationCaseFiles();
  const seen = new Set<string>();
  const cases = files.flatMap((file) => {
    const stem = basename(file, '.json').replace(/^cases-?/, '') || 'cases';
    const inFile = new Set<string>();
    return (JSON.parse(readFileSync(file, 'utf8')) as CalibrationCase[]).map((c) => {
      if (inFile.has(c.id)) throw new Error(`calibration case ${c.id} appears twice in ${file}`);
      inFile.add(c.id);
      const id = seen.has(c.id) ? `${stem}:${c.id}` : c.id;
      seen.add(id);
      return id === c.id ? c : { ...c, id };
    });
  });
  return { cases, files };
}
