/**
 * Catalog snapshots: one region's priced instances (on demand, commitments, spot) and managed
 * per-token prices, with their provenance, as a JSON document written by `refreshSnapshot`
 * (scheduled refresh, `npm run catalog:refresh`) and read back by the snapshot sources. Validated
 * with zod on the way in: a corrupt snapshot is never served. Fields added since format 1 was first
 * written (commitments, spot provenance, managed prices) are optional, so older snapshots still load.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { acceleratorIds, cpuGenerationIds } from '../hardware/index.js';
import { SnapshotError } from './errors.js';
import type { ManagedModelPrice, PricedInstance, PricingProvenance } from './types.js';

export const snapshotFormatVersion = 1;

const positive = z.number().positive().finite();
/** ISO 8601: a date or timestamp, or the reduced precision YYYY-MM / YYYY some sources give. */
const isoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$/, 'not an ISO 8601 date');

export const pricingProvenanceSchema = z.object({
  source: z.enum(['embedded', 'aws-price-list', 'snapshot']),
  asOf: isoDate,
  region: z.string().min(1),
  currency: z.literal('USD'),
  stale: z.boolean(),
  staleReason: z.string().optional(),
});

export const commitmentPriceSchema = z.object({
  term: z.enum(['reserved-1yr', 'reserved-3yr', 'savings-plan-1yr', 'savings-plan-3yr']),
  hourlyUsd: positive,
  paymentOption: z.enum(['No Upfront', 'Partial Upfront', 'All Upfront']),
  derived: z.boolean(),
  source: z.string().min(1),
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
  spotIndicative: z.boolean().optional(),
  spotAsOf: isoDate.optional(),
  commitments: z.array(commitmentPriceSchema).readonly().optional(),
  unavailableReason: z.string().optional(),
});

export const managedModelPriceSchema = z.object({
  provider: z.literal('amazon-bedrock'),
  model: z.string().min(1),
  modelId: z.string().min(1),
  displayName: z.string().min(1),
  region: z.string().min(1),
  inputPerMillionUsd: positive,
  outputPerMillionUsd: positive,
  batchInputPerMillionUsd: positive.optional(),
  batchOutputPerMillionUsd: positive.optional(),
  batchDerived: z.boolean().optional(),
  asOf: isoDate,
  source: z.string().min(1),
  note: z.string().optional(),
});

/** How the snapshot's spot prices were obtained. */
export const spotPricingSchema = z.object({
  /** `ec2-spot-price-history`: read live; `embedded`: the indicative excerpt (the live read failed or was off). */
  source: z.enum(['ec2-spot-price-history', 'embedded']),
  /** When the spot prices were read (ISO timestamp), or the embedded catalog's date. */
  asOf: isoDate,
  /** The window the minimum over zones was taken over, hours (live readings). */
  windowHours: positive.optional(),
  /** Why the live reading is not there, when it is not. */
  staleReason: z.string().optional(),
});

export const catalogSnapshotSchema = z.object({
  formatVersion: z.literal(snapshotFormatVersion),
  /** When the snapshot was written (ISO timestamp). */
  generatedAt: z.string(),
  pricing: pricingProvenanceSchema,
  instances: z.array(pricedInstanceSchema).min(1),
  spotPricing: spotPricingSchema.optional(),
  /** Managed per-token prices (Amazon Bedrock) of the snapshot's region; `prices: []` where none. */
  managed: z
    .object({ prices: z.array(managedModelPriceSchema), pricing: pricingProvenanceSchema })
    .optional(),
});

export type SpotPricing = z.infer<typeof spotPricingSchema>;

export interface CatalogSnapshot {
  formatVersion: typeof snapshotFormatVersion;
  generatedAt: string;
  pricing: PricingProvenance;
  instances: PricedInstance[];
  spotPricing?: SpotPricing;
  managed?: { prices: ManagedModelPrice[]; pricing: PricingProvenance };
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
  const managedElsewhere =
    snapshot.managed &&
    [snapshot.managed.pricing, ...snapshot.managed.prices].find((p) => p.region !== snapshot.pricing.region);
  if (managedElsewhere) {
    throw new SnapshotError(
      `Catalog snapshot is invalid: managed prices for ${managedElsewhere.region}, not ${snapshot.pricing.region}`,
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
