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
 * Every committed case. Ids are unique within a file; a file that reuses an id an earlier file has
 * names all its cases `<file>:<id>` (cases-owned.json's A01 becomes owned:A01), so every case keeps
 * one unambiguous name in the report.
 */
export function loadCalibrationCases(): { cases: CalibrationCase[]; files: string[] } {
  const files = calibrationCaseFiles();
  const seen = new Set<string>();
  const cases = files.flatMap((file) => {
    const inFile = JSON.parse(readFileSync(file, 'utf8')) as CalibrationCase[];
    const ids = new Set(inFile.map((c) => c.id));
    if (ids.size !== inFile.length) throw new Error(`a calibration case id appears twice in ${file}`);
    const stem = basename(file, '.json').replace(/^cases-?/, '') || 'cases';
    const prefix = [...ids].some((id) => seen.has(id)) ? `${stem}:` : '';
    for (const id of ids) seen.add(`${prefix}${id}`);
    return prefix ? inFile.map((c) => ({ ...c, id: `${prefix}${c.id}` })) : inFile;
  });
  return { cases, files };
}
