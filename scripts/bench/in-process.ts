/**
 * In-process timings: a v1 plan (request to response) over the full embedded catalog per workload
 * kind, and one v1 estimate. Each plan also reports how many estimators its search prepared, the
 * figure that explains its time.
 */
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { estimateV1 } from '../../lib/contract/estimates.js';
import { planV1, toPlanInput } from '../../lib/contract/plans.js';
import { plan } from '../../lib/planner/index.js';
import { estimateCase, planCases } from './requests.js';
import { type Summary, timeRepeated } from './stats.js';

export interface InProcessResult extends Summary {
  name: string;
  worstCase?: boolean;
  /** Estimators prepared per plan; undefined for the estimate row. */
  estimatesPerPlan?: number;
}

export async function benchInProcess({ runs = 300 }: { runs?: number } = {}): Promise<InProcessResult[]> {
  const results: InProcessResult[] = [];
  const deps = { catalog: embeddedCatalog };
  for (const { name, request, worstCase } of planCases) {
    // The worst cases mostly find no plan: count the search's work all the same.
    const counted = await plan(toPlanInput(request, embeddedCatalog), deps).catch(() => undefined);
    const timing = await timeRepeated(() => planV1(request, deps).catch(() => undefined), {
      runs: worstCase ? Math.ceil(runs / 3) : runs,
    });
    results.push({
      name: `plan: ${name}`,
      ...timing,
      estimatesPerPlan: counted?.search.estimates ?? Number.NaN,
      ...(worstCase && { worstCase: true }),
    });
  }
  const estimatorDeps = { findInstanceSpec: embeddedCatalog.findInstanceSpec };
  const timing = await timeRepeated(() => estimateV1(estimateCase.request, estimatorDeps), {
    runs: runs * 10,
  });
  results.push({ name: estimateCase.name, ...timing });
  return results;
}
