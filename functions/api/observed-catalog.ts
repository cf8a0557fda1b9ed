/**
 * The API function's catalog as operators see it: every answer priced from a fallback is counted
 * (`StalePricingServed`, for alarms and dashboards), and each stale period is logged once: a warning
 * when a region's prices turn stale or the reason changes, an info line when they are fresh again.
 * Logging on every request would bury the logs (and cost) while a snapshot is broken.
 */
import type { CatalogSource, PricingProvenance as Pricing } from '../../lib/catalog/types.js';
import { MetricUnit, type Observability } from '../../lib/observability/index.js';

type Log = (message: string, extra: Record<string, unknown>) => void;

export interface CatalogObservers {
  logger: { warn: Log; info: Log };
  metrics: Pick<Observability['metrics'], 'addMetric'>;
  /** Extra fields for the warning, e.g. the bucket (kept out of the answers, useful in the logs). */
  context?: Record<string, unknown>;
}

/** `source`, with stale answers counted and each stale period logged once per region. */
export function observedCatalog(
  source: CatalogSource,
  { logger, metrics, context = {} }: CatalogObservers,
): CatalogSource {
  // The stale reason last logged per answer kind and region; absent while those prices are fresh.
  const staleReasons = new Map<string, string>();
  const observe = <T extends { pricing: Pricing }>(
    kind: 'instances' | 'managed',
    region: string,
    answer: T,
  ): T => {
    const { pricing } = answer;
    const key = `${kind} ${region}`;
    if (pricing.stale) {
      metrics.addMetric('StalePricingServed', MetricUnit.Count, 1);
      const reason = pricing.staleReason ?? 'stale';
      if (staleReasons.get(key) !== reason) {
        staleReasons.set(key, reason);
        logger.warn('Serving stale prices', { ...context, prices: kind, pricing });
      }
    } else if (staleReasons.delete(key)) {
      logger.info('Serving fresh prices again', { ...context, prices: kind, pricing });
    }
    return answer;
  };
  return {
    findInstanceSpec: (instanceType) => source.findInstanceSpec(instanceType),
    regions: () => source.regions(),
    getRegion: async (region) => observe('instances', region, await source.getRegion(region)),
    getManagedPrices: async (region) => observe('managed', region, await source.getManagedPrices(region)),
  };
}
