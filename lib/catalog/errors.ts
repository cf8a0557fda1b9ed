/** A region the catalog does not price. Callers should check `CatalogSource.regions()` first. */
export class UnknownRegionError extends Error {
  override readonly name = 'UnknownRegionError';
  constructor(
    readonly region: string,
    readonly knownRegions: readonly string[],
  ) {
    super(`Unknown region "${region}": the catalog prices ${knownRegions.join(', ')}`);
  }
}

/** A catalog snapshot that cannot be read or does not match the snapshot schema. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The live Price List source failed (network, throttling beyond retries, deadline, empty answer). */
export class PriceListError extends Error {
  override readonly name = 'PriceListError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
