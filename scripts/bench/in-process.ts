/**
 * In-process timings: `plan()` over the full embedded catalog per workload kind, and one `estimate()`.
 * Each plan also reports how many `estimate()` calls it made (counted through the catalog's
 * `findInstanceSpec`, which every estimate on an instance type calls once), the figure that
 * explains its time.
 */
import { embeddedCatalog } from '../../lib/catalog/index.js';
import type { CatalogSource } from '../../lib/catalog/types.js';
import { estimate } from '../../lib/perf/index.js';
import { plan } from '../../lib/planner/index.js';
import { estimateCase, planCases } from './requests.js';
import { type Summary, timeRepeated } from './stats.js';

export interface InProcessResult extends Summary {
  name: string;
  /** estimate() calls per plan; undefined for the estimate row. */
  estimatesPerPlan?: number;
}

/** The embedded catalog, counting spec lookups (one per estimate; plan() adds one per constrained type). */
function countingCatalog(): { catalog: CatalogSource; lookups: () => number } {
  let lookups = 0;
  return {
    catalog: {
      ...embeddedCatalog,
      getRegion: (region) => embeddedCatalog.getRegion(region),
      regions: () => embeddedCatalog.regions(),
      findInstanceSpec: (type) => {
        lookups += 1;
        return embeddedCatalog.findInstanceSpec(type);
      },
    },
    lookups: () => lookups,
  };
}

export async function benchInProcess({ runs = 300 }: { runs?: number } = {}): Promise<InProcessResult[]> {
  const results: InProcessResult[] = [];
  for (const { name, request } of planCases) {
    const counter = countingCatalog();
    await plan(request, { catalog: counter.catalog });
    const estimatesPerPlan = counter.lookups();
    const timing = await timeRepeated(() => plan(request, { catalog: embeddedCatalog }), { runs });
    results.push({ name: `plan: ${name}`, ...timing, estimatesPerPlan });
  }
  const deps = { findInstanceSpec: embeddedCatalog.findInstanceSpec };
  const timing = await timeRepeated(() => estimate(estimateCase.request, deps), { runs: runs * 10 });
  results.push({ name: estimateCase.name, ...timing });
  return results;
}
