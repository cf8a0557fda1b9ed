/**
 * Issue 14: while prices are stale the API function logged a warning on every request. Now one
 * warning per stale period (and per change of reason), one info line when prices are fresh again,
 * and still one metric per stale answer.
 */
import { describe, expect, it } from 'vitest';
import { observedCatalog } from '../../functions/api/observed-catalog.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import type { CatalogSource, RegionalCatalog } from '../../lib/catalog/types.js';

/** A catalog whose pricing for each call is scripted: a stale reason, or undefined for fresh. */
function scripted(reasons: (string | undefined)[]): CatalogSource {
  let call = 0;
  return {
    ...embeddedCatalog,
    async getRegion(region): Promise<RegionalCatalog> {
      const real = await embeddedCatalog.getRegion(region);
      const reason = reasons[Math.min(call++, reasons.length - 1)];
      return {
        ...real,
        pricing: {
          ...real.pricing,
          stale: reason !== undefined,
          ...(reason !== undefined && { staleReason: reason }),
        },
      };
    },
  };
}

function observers() {
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const metrics: string[] = [];
  return {
    lines,
    metrics,
    logger: {
      warn: (message: string, extra: Record<string, unknown>) =>
        lines.push({ level: 'warn', message, extra }),
      info: (message: string, extra: Record<string, unknown>) =>
        lines.push({ level: 'info', message, extra }),
    },
    metricsSink: { addMetric: (name: string) => metrics.push(name) },
  };
}

describe('Function: observedCatalog', () => {
  it('should warn once per stale period, not on every request', async () => {
    const o = observers();
    const missing = 'The us-east-1 catalog snapshot does not exist';
    const catalog = observedCatalog(
      scripted([missing, missing, missing, missing, undefined, undefined, missing]),
      {
        logger: o.logger,
        metrics: o.metricsSink as never,
        context: { bucket: 'planner-snapshots' },
      },
    );

    for (let i = 0; i < 7; i++) await catalog.getRegion('us-east-1');

    expect(o.lines.map((l) => `${l.level}: ${l.message}`)).toEqual([
      'warn: Serving stale prices',
      'info: Serving fresh prices again',
      'warn: Serving stale prices',
    ]);
    expect(o.lines[0]?.extra).toMatchObject({
      bucket: 'planner-snapshots',
      pricing: { staleReason: missing },
    });
    expect(o.metrics).toEqual(Array(5).fill('StalePricingServed'));
  });

  it('should warn again when the reason changes, and keep regions apart', async () => {
    const o = observers();
    const catalog = observedCatalog(scripted(['A', 'A', 'B', 'B']), {
      logger: o.logger,
      metrics: o.metricsSink as never,
    });

    await catalog.getRegion('us-east-1');
    await catalog.getRegion('us-east-1');
    await catalog.getRegion('us-east-1');
    await catalog.getRegion('eu-west-1');

    expect(o.lines.map((l) => l.extra.pricing as { region: string; staleReason: string })).toMatchObject([
      { region: 'us-east-1', staleReason: 'A' },
      { region: 'us-east-1', staleReason: 'B' },
      { region: 'eu-west-1', staleReason: 'B' },
    ]);
  });
});
