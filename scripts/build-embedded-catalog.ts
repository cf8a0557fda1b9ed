/**
 * Builds lib/catalog/embedded-data.ts from the public reference data in ../shared/reference.
 *
 *   npx tsx scripts/build-embedded-catalog.ts [--reference DIR] [--out FILE]
 *
 * It also writes lib/catalog/managed-data.ts (the Bedrock table, scripts/build-managed-catalog.ts) from
 * the same reference directory; `--managed-out FILE` puts that elsewhere.
 *
 * The runtime never reads ../shared: the generated module is committed. Re-run this script when the
 * reference data or the family list in lib/catalog/families.ts changes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type {
  EmbeddedCatalogData,
  EmbeddedInstanceRow,
  EmbeddedRegionalRow,
  RegionalFactor,
} from '../lib/catalog/embedded-format.js';
import { catalogFamilies, familyOf, findFamily, isMetalSize } from '../lib/catalog/families.js';
import { baseRegion, catalogRegions } from '../lib/catalog/regions.js';
import { findCpuGeneration } from '../lib/hardware/index.js';
import { buildManagedCatalog, defaultManagedOut } from './build-managed-catalog.js';
import { defaultReferenceDir, repoRoot, requireReferenceDir } from './reference-dir.js';

const SCRIPT = 'build-embedded-catalog';
const { values: args } = parseArgs({
  options: {
    reference: { type: 'string', default: defaultReferenceDir },
    out: { type: 'string', default: path.join(repoRoot, 'lib/catalog/embedded-data.ts') },
    'managed-out': { type: 'string', default: defaultManagedOut },
  },
});
const referenceDir = args.reference;

const PRICES_AS_OF = '2026-07-20';
const INSTANCE_TABLE = 'aws_ec2_instances_us-east-1_2026-07.csv';
const REGIONAL_EXCERPT = 'skypilot_catalog_v8_aws_vms_excerpt_by_region.csv';

/**
 * Factors the reference excerpt cannot give, from the public EC2 on-demand pricing page (assumptions,
 * flagged in `basis`). The excerpt's only CPU sample is Graviton (m6gd), and Graviton is priced apart
 * in some regions: in ap-south-1 it is about 0.67x us-east-1 while x86 is about 1.05x (m5.large 0.101
 * vs 0.096 USD/h). sa-east-1 has no excerpt row at all: about 1.6x (m5.large 0.153 vs 0.096 USD/h).
 */
const assumedFactors: Record<string, Partial<RegionalFactor> & { basis: string }> = {
  'ap-south-1': { x86Cpu: 1.05, basis: 'x86Cpu assumed from the public EC2 pricing page (m5.large)' },
  'sa-east-1': {
    x86Cpu: 1.6,
    arm64Cpu: 1.6,
    accelerator: 1.6,
    basis: 'assumed: not in the reference excerpt; about 1.6x on the public EC2 pricing page (m5.large)',
  },
};

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  // The reference CSVs have no quoted fields (checked by the assertion below).
  const text = readFileSync(path.join(referenceDir, file), 'utf8');
  if (text.includes('"')) throw new Error(`${file}: quoted CSV fields are not supported`);
  const [header, ...lines] = text.trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

const optionalNumber = (cell: string | undefined): number | null =>
  cell === undefined || cell.trim() === '' ? null : Number(cell);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function buildInstances(table: CsvRow[]): EmbeddedInstanceRow[] {
  const familyOrder = new Map(catalogFamilies.map((f, i) => [f.family, i]));
  const rows: EmbeddedInstanceRow[] = [];
  for (const r of table) {
    const type = r.instance_type ?? '';
    const family = findFamily(r.family ?? '');
    if (!family || isMetalSize(type)) continue;
    const arch = findCpuGeneration(family.cpu)?.architecture;
    if (arch !== r.arch) throw new Error(`${type}: arch ${r.arch} but ${family.cpu} is ${arch}`);
    const devices = Number(r.gpu_count || r.accelerator_count || 0);
    if (Boolean(family.accelerator) !== devices > 0) throw new Error(`${type}: accelerator count ${devices}`);
    rows.push([
      type,
      Number(r.vcpu),
      Number(r.memory_gib),
      devices,
      Number(r.network_bandwidth_mbps) / 1000,
      optionalNumber(r.ondemand_linux_usd_per_hr_us_east_1),
    ]);
  }
  return rows.sort(
    (a, b) =>
      (familyOrder.get(familyOf(a[0])) ?? 0) - (familyOrder.get(familyOf(b[0])) ?? 0) ||
      a[1] - b[1] ||
      a[0].localeCompare(b[0]),
  );
}

type PriceClass = 'x86Cpu' | 'arm64Cpu' | 'accelerator';
const priceClasses: readonly PriceClass[] = ['x86Cpu', 'arm64Cpu', 'accelerator'];

function priceClassOf(row: CsvRow): PriceClass {
  if (row.gpu_count || row.accelerator_count) return 'accelerator';
  return row.arch === 'arm64' ? 'arm64Cpu' : 'x86Cpu';
}

/**
 * Per region and price class: the median over families of each family's median ratio to the
 * us-east-1 price, from every excerpt row (catalog family or not, e.g. m6gd). A class without samples
 * takes the assumed factor above, else the region's other CPU class, else its accelerator factor.
 */
function buildFactors(excerpt: CsvRow[], table: CsvRow[]): Record<string, RegionalFactor> {
  const byType = new Map(table.map((r) => [r.instance_type ?? '', r]));
  const samples = new Map<string, Record<PriceClass, Map<string, number[]>>>();
  for (const r of excerpt) {
    const base = byType.get(r.InstanceType ?? '');
    const basePrice = optionalNumber(base?.ondemand_linux_usd_per_hr_us_east_1);
    const price = optionalNumber(r.Price);
    if (!base || !basePrice || !price) continue;
    const region = r.Region ?? '';
    const entry = samples.get(region) ?? { x86Cpu: new Map(), arm64Cpu: new Map(), accelerator: new Map() };
    samples.set(region, entry);
    const byFamily = entry[priceClassOf(base)];
    const family = base.family ?? '';
    byFamily.set(family, [...(byFamily.get(family) ?? []), price / basePrice]);
  }
  const factors: Record<string, RegionalFactor> = {};
  for (const region of catalogRegions) {
    if (region === baseRegion) continue;
    const entry = samples.get(region);
    const assumed = assumedFactors[region];
    const measured: Partial<Record<PriceClass, number>> = {};
    const notes: string[] = [];
    for (const cls of priceClasses) {
      const byFamily = entry?.[cls];
      if (!byFamily?.size) continue;
      measured[cls] = round(median([...byFamily.values()].map(median)), 4);
      notes.push(`${cls} from ${[...byFamily.keys()].sort().join(' ')}`);
    }
    const fallbackNotes: string[] = [];
    const pick = (cls: PriceClass, ...fallbacks: PriceClass[]) => {
      const own = measured[cls] ?? assumed?.[cls];
      if (own !== undefined) return own;
      const fallback = fallbacks.find((f) => measured[f] !== undefined);
      if (fallback === undefined)
        throw new Error(`${region}: no reference rows and no assumed ${cls} factor`);
      fallbackNotes.push(`${cls} as ${fallback}`);
      return measured[fallback] as number;
    };
    factors[region] = {
      x86Cpu: pick('x86Cpu', 'arm64Cpu', 'accelerator'),
      arm64Cpu: pick('arm64Cpu', 'x86Cpu', 'accelerator'),
      accelerator: pick('accelerator', 'x86Cpu', 'arm64Cpu'),
      basis: [
        notes.length ? `median ratio to us-east-1 in the SkyPilot excerpt: ${notes.join('; ')}` : '',
        assumed?.basis ?? '',
        fallbackNotes.length ? `no sample for ${fallbackNotes.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    };
  }
  return factors;
}

function buildRegionalRows(excerpt: CsvRow[], instances: EmbeddedInstanceRow[]): EmbeddedRegionalRow[] {
  const usEast1 = new Map(instances.map((r) => [r[0], r[5]]));
  const regions = new Set<string>(catalogRegions);
  const rows: EmbeddedRegionalRow[] = [];
  for (const r of excerpt) {
    const type = r.InstanceType ?? '';
    const region = r.Region ?? '';
    if (!usEast1.has(type) || !regions.has(region)) continue;
    const price = optionalNumber(r.Price);
    if (region === baseRegion && price !== null && Math.abs(price - (usEast1.get(type) ?? 0)) > 1e-4) {
      throw new Error(`${type}: excerpt us-east-1 price ${price} disagrees with the table`);
    }
    rows.push([type, region, price, optionalNumber(r.SpotMin)]);
  }
  return rows.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

function render(data: EmbeddedCatalogData): string {
  const rows = (items: readonly unknown[]) => items.map((item) => `    ${JSON.stringify(item)},`).join('\n');
  return `// Generated by scripts/build-embedded-catalog.ts from ../shared/reference. Do not edit by hand.
import type { EmbeddedCatalogData } from './embedded-format.js';

export const embeddedCatalogData: EmbeddedCatalogData = {
  pricesAsOf: ${JSON.stringify(data.pricesAsOf)},
  sources: ${JSON.stringify(data.sources, null, 2).replace(/\n/g, '\n  ')},
  // [instanceType, vcpus, memoryGiB, acceleratorCount, networkGbps, us-east-1 on-demand USD/h]
  instances: [
${rows(data.instances)}
  ],
  regionalFactors: ${JSON.stringify(data.regionalFactors, null, 2).replace(/\n/g, '\n  ')},
  // [instanceType, region, on-demand USD/h, spot minimum over zones USD/h]
  regionalRows: [
${rows(data.regionalRows)}
  ],
};
`;
}

function main(): void {
  requireReferenceDir(referenceDir, SCRIPT);
  const table = readCsv(INSTANCE_TABLE);
  const excerpt = readCsv(REGIONAL_EXCERPT);
  const instances = buildInstances(table);
  const data: EmbeddedCatalogData = {
    pricesAsOf: PRICES_AS_OF,
    sources: {
      specs: `${INSTANCE_TABLE}: Karpenter v1.14 instance-type docs (EC2 DescribeInstanceTypes), gaps from public spec dumps`,
      baseRegionPrices: `${INSTANCE_TABLE}: us-east-1 on-demand Linux prices from the aws/karpenter-provider-aws generated price table, ${PRICES_AS_OF}`,
      regionalPrices: `${REGIONAL_EXCERPT}: SkyPilot catalog v8 per-region on-demand prices (excerpt; its us-east-1 values match ${PRICES_AS_OF}); other regions derived by regionalFactors`,
      spotPrices: `${REGIONAL_EXCERPT}: SkyPilot catalog v8 spot minimum over zones; indicative only`,
    },
    instances,
    regionalFactors: buildFactors(excerpt, table),
    regionalRows: buildRegionalRows(excerpt, instances),
  };
  writeFileSync(args.out, render(data));
  // Normalize layout with the project's formatter so the committed file passes `biome check`.
  spawnSync(path.join(repoRoot, 'node_modules/.bin/biome'), ['format', '--write', args.out], {
    stdio: 'ignore',
  });
  console.log(
    `wrote ${args.out}: ${instances.length} instance types, ${data.regionalRows.length} regional rows, ` +
      `${Object.keys(data.regionalFactors).length} regional factors`,
  );
  console.log(buildManagedCatalog(referenceDir, args['managed-out']));
}

try {
  main();
} catch (error) {
  console.error(`${SCRIPT}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
