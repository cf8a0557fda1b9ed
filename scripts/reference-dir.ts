/**
 * Where the catalog build scripts find the public reference data (`../shared/reference` beside the
 * repository, or `--reference DIR`), and the one-line failure when it is not there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultReferenceDir = path.resolve(repoRoot, '../shared/reference');

/**
 * Ends the process with one clear line (no stack trace) when `dir` is missing.
 * The generated catalog modules are committed, so nothing needs rebuilding without the reference.
 */
export function requireReferenceDir(dir: string, script: string): void {
  if (existsSync(dir)) return;
  console.error(
    `${script}: reference data not found at ${dir} (pass --reference DIR); the committed catalog is unchanged`,
  );
  process.exit(1);
}
