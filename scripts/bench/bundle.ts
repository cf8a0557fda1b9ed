/**
 * The Lambda bundle: gzip size, and a fresh process importing it and answering its first plan,
 * against a bare Hono handler built the same way in the same run. The bundling itself belongs to the
 * deployment work (scripts/build-bundle.ts shares its esbuild options with the CDK stack); this
 * section only measures, and skips until that script exists.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type BundleResult = { skipped: string } | { rows: BundleRow[]; coldStartRatio: number };

export interface BundleRow {
  name: string;
  gzipBytes?: number;
  coldMedianMs?: number;
  coldP90Ms?: number;
  runs?: number;
}

const buildBundleScript = fileURLToPath(new URL('../build-bundle.ts', import.meta.url));
export const BUNDLE_UNAVAILABLE = 'bundle not available: run after the deployment work lands';

export async function benchBundle(): Promise<BundleResult> {
  if (!existsSync(buildBundleScript)) return { skipped: BUNDLE_UNAVAILABLE };
  return {
    skipped: `${BUNDLE_UNAVAILABLE} (scripts/build-bundle.ts exists but the bench does not use it yet)`,
  };
}
