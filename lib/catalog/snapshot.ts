/**
 * Catalog snapshots: one region's priced instances and their provenance as a JSON document, written
 * by `refreshSnapshot` (scheduled refresh, `npm run catalog:refresh`) and read back by the snapshot
 * source. Validated with zod on the way in: a corrupt snapshot is never served.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { acceleratorIds, cpuGenerationIds } from '../hardware/index.js';
import { SnapshotError } from './errors.js';
import type { PricedInstance, PricingProvenance } from './types.js';

export const snapshotFormatVersion = 1;

const positive = z.number().positive().finite();

export const pricingProvenanceSchema = z.object({
  source: z.enum(['embedded', 'aws-price-list', 'snapshot']),
  asOf: z.string().min(10),
  region: z.string().min(1),
  currency: z.literal('USD'),
  stale: z.boolean(),
  staleReason: z.string().optional(),
});

export const pricedInstanceSchema = z.object({
  instanceType: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/),
  family: z.string().min(1),
  vcpus: positive,
  memoryGiB: positive,
  architecture: z.enum(['arm64', 'x86_64']),
  cpu: z.enum(cpuGenerationIds),
  acceleratorKind: z.enum(['cpu', 'gpu', 'neuron']),
  accelerator: z.enum(acceleratorIds).optional(),
  acceleratorCount: z.number().int().nonnegative(),
  acceleratorMemoryGB: positive.optional(),
  networkGbps: z.number().nonnegative().finite(),
  region: z.string().min(1),
  onDemandHourlyUsd: positive.optional(),
  onDemandDerived: z.boolean().optional(),
  spotHourlyUsd: positive.optional(),
  unavailableReason: z.string().optional(),
});

export const catalogSnapshotSchema = z.object({
  formatVersion: z.literal(snapshotFormatVersion),
  /** When the snapshot was written (ISO timestamp). */
  generatedAt: z.string(),
  pricing: pricingProvenanceSchema,
  instances: z.array(pricedInstanceSchema).min(1),
});

export interface CatalogSnapshot {
  formatVersion: typeof snapshotFormatVersion;
  generatedAt: string;
  pricing: PricingProvenance;
  instances: PricedInstance[];
}

// The schema and the hand-written catalog types must describe the same documents.
type Assert<T extends true> = T;
export type SnapshotSchemaMatchesTypes = Assert<
  z.infer<typeof catalogSnapshotSchema> extends CatalogSnapshot
    ? CatalogSnapshot extends z.infer<typeof catalogSnapshotSchema>
      ? true
      : false
    : false
>;

/**
 * Validates a snapshot document (text or parsed JSON).
 *
 * @throws SnapshotError naming the first problems when it is not valid JSON or not a snapshot.
 */
export function parseSnapshot(input: unknown): CatalogSnapshot {
  let document: unknown = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new SnapshotError('Catalog snapshot is not valid JSON', { cause: error });
    }
  }
  const result = catalogSnapshotSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new SnapshotError(`Catalog snapshot is invalid: ${problems}`, { cause: result.error });
  }
  const snapshot = result.data;
  const wrongRegion = snapshot.instances.find((i) => i.region !== snapshot.pricing.region);
  if (wrongRegion) {
    throw new SnapshotError(
      `Catalog snapshot is invalid: ${wrongRegion.instanceType} is priced for ${wrongRegion.region}, not ${snapshot.pricing.region}`,
    );
  }
  return snapshot;
}

/** The text of a snapshot file. @throws SnapshotError when it cannot be read. */
export async function readSnapshotText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SnapshotError(`Cannot read catalog snapshot ${file}`, { cause: error });
  }
}

/** Reads and validates a snapshot file. @throws SnapshotError when unreadable or invalid. */
export async function readSnapshot(file: string): Promise<CatalogSnapshot> {
  return parseSnapshot(await readSnapshotText(file));
}

/** Writes a snapshot as JSON (validated first, so a bad snapshot is never written). */
export async function writeSnapshot(file: string, snapshot: CatalogSnapshot): Promise<void> {
  await writeFile(file, `${JSON.stringify(parseSnapshot(snapshot), null, 2)}\n`);
}
