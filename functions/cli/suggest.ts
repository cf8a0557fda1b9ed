/**
 * "Did you mean": the known values closest to a mistyped one (model ids, instance types, regions,
 * flags, commands).
 */

/** Lower case, letters and digits only: `Llama_3.1-8B` and `llama-3.1-8b` compare equal. */
const normalize = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * Up to `max` known values closest to `given` (ties only): same letters and digits, one containing
 * the other, or within an edit distance of a third of the length (at least 2).
 *
 * @example
 * closest('llama3-8b', ['llama-3.1-8b', 'llama-3.2-1b', 'mixtral-8x7b']); // ['llama-3.1-8b']
 */
export function closest(given: string, known: readonly string[], max = 3): string[] {
  const g = normalize(given);
  if (g === '') return [];
  const scored = known.flatMap((value) => {
    const k = normalize(value);
    if (k === g) return [{ value, score: 0 }];
    const distance = editDistance(g, k);
    const contains = k.length >= 3 && g.length >= 3 && (k.includes(g) || g.includes(k));
    const limit = Math.max(2, Math.floor(Math.max(g.length, k.length) / 3));
    if (distance <= limit) return [{ value, score: distance }];
    if (contains) return [{ value, score: limit + Math.abs(k.length - g.length) / 10 }];
    return [];
  });
  const best = Math.min(...scored.map((s) => s.score));
  // Only the closest: "llama3-8b" suggests llama-3.1-8b, not every Llama one edit further away.
  return scored
    .filter((s) => s.score <= best)
    .sort((a, b) => a.value.localeCompare(b.value))
    .slice(0, max)
    .map((s) => s.value);
}

/** `; did you mean "a" or "b"?`, or nothing when nothing is close. */
export function didYouMean(
  given: string,
  known: readonly string[],
  q: (value: string) => string = (value) => `"${value}"`,
): string {
  const near = closest(given, known);
  if (near.length === 0) return '';
  const list =
    near.length === 1
      ? q(near[0] ?? '')
      : `${near.slice(0, -1).map(q).join(', ')} or ${q(near.at(-1) ?? '')}`;
  return `; did you mean ${list}?`;
}
