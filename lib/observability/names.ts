/**
 * Names shared by the functions that emit metrics and the stack that alarms on them, so the two
 * cannot drift. Powertools adds a `service` dimension to every metric: an alarm must name it too.
 */
/** The metric namespace of both functions (the stack sets `POWERTOOLS_METRICS_NAMESPACE` to it). */
export const defaultMetricsNamespace = 'AiWorkloadPlanner';

export const serviceNames = { api: 'planner-api', refresh: 'planner-refresh' } as const;

export const metricNames = {
  /** API: answers priced from a fallback (snapshot missing, corrupt or old). */
  stalePricingServed: 'StalePricingServed',
  /** Refresh: snapshots written in one run. */
  snapshotsWritten: 'SnapshotsWritten',
  /** Refresh: regions whose refresh failed in one run. */
  snapshotRefreshFailures: 'SnapshotRefreshFailures',
  /** Refresh: after a run, hours since the oldest configured region's snapshot was written. */
  snapshotAgeHours: 'SnapshotAgeHours',
} as const;
