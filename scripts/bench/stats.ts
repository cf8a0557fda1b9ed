/** Order statistics over repeated timings: the bench reports medians, with p90/p99 for the spread. */

/** The q-quantile (0..1) by nearest rank; samples need not be sorted. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export interface Summary {
  runs: number;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
}

export function summarize(samplesMs: readonly number[]): Summary {
  return {
    runs: samplesMs.length,
    medianMs: quantile(samplesMs, 0.5),
    p90Ms: quantile(samplesMs, 0.9),
    p99Ms: quantile(samplesMs, 0.99),
  };
}

/**
 * Times `run` `runs` times after `warmUp` untimed calls (so the JIT has compiled the hot paths and
 * the timings describe a warm Lambda or a long-running server, not the first call).
 */
export async function timeRepeated(
  run: () => unknown,
  { warmUp = 50, runs = 300 }: { warmUp?: number; runs?: number } = {},
): Promise<Summary> {
  for (let i = 0; i < warmUp; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
