/**
 * Access to ../shared/reference for tests that check the catalog against its sources. The directory
 * sits next to the repository on development machines (`REFERENCE_DIR` names it elsewhere, e.g. from
 * a git worktree; it is not copied into the repository, as its README asks); where it is absent
 * those tests skip with `skipReason`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const referenceDir = path.resolve(
  process.env.REFERENCE_DIR || path.resolve(repoRoot, '../shared/reference'),
);
export const hasReference = existsSync(referenceDir);
export const skipReason = `reference data not found at ${referenceDir} (set REFERENCE_DIR to check against it)`;

/** A reference CSV as rows of column → cell (the files have no quoted fields). */
export function readReferenceCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path.join(referenceDir, file), 'utf8').trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

export function readReferenceText(file: string): string {
  return readFileSync(path.join(referenceDir, file), 'utf8');
}
