/**
 * The shape of the generated managed-price table (`managed-data.ts`): Amazon Bedrock on-demand
 * per-token prices of the models that have presets, one row per model and region, with the date and
 * source of each row.
 */

/**
 * [preset, Bedrock model id, Price List display name, region, input USD per million tokens,
 *  output USD per million tokens, as of (ISO 8601, reduced precision as the source dates it), source,
 *  note or null].
 */
export type EmbeddedManagedRow = readonly [
  string,
  string,
  string,
  string,
  number,
  number,
  string,
  string,
  string | null,
];

export interface EmbeddedManagedData {
  /** The newest row's date: the table's as-of. */
  pricesAsOf: string;
  /** Where the batch prices come from (they are derived, not rows of the table). */
  batchBasis: string;
  rows: readonly EmbeddedManagedRow[];
}
