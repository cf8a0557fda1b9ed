/** The regions the catalog prices: us-east-1 and the other major commercial regions. */
export const catalogRegions = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'eu-west-2',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'ca-central-1',
  'sa-east-1',
] as const;

export type CatalogRegion = (typeof catalogRegions)[number];

/** The region embedded prices are anchored to; every other region is a real row or a factor of it. */
export const baseRegion: CatalogRegion = 'us-east-1';

/** True when the catalog prices `region`. */
export function isCatalogRegion(region: string): region is CatalogRegion {
  return (catalogRegions as readonly string[]).includes(region);
}

/**
 * The region whose Price List Query API endpoint to call for prices in `region`.
 *
 * The Price List Query API is served only from us-east-1, eu-central-1 and ap-south-1 and answers for
 * every region from each of them: ap-south-1 serves ap-* regions, eu-central-1 eu-* regions and
 * us-east-1 the rest (AWS Price List Query API, "Endpoints").
 *
 * @example
 * pricingEndpointRegion('eu-west-2'); // 'eu-central-1'
 */
export function pricingEndpointRegion(region: string): 'us-east-1' | 'eu-central-1' | 'ap-south-1' {
  if (region.startsWith('eu-')) return 'eu-central-1';
  if (region.startsWith('ap-')) return 'ap-south-1';
  return 'us-east-1';
}
