/** "Did you mean" for ids a caller mistyped: the nearest known id by edit distance, when it is near. */

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The known id the word names without its prefix or suffix ("m4-max" for "apple-m4-max", "4090"
 * for "rtx-4090") when exactly one does; else the nearest by edit distance, when it is within a
 * third of the word's length.
 */
export function nearestId(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const named = known.filter((id) => {
    const k = id.toLowerCase();
    return k.endsWith(`-${w}`) || k.startsWith(`${w}-`);
  });
  if (named.length === 1) return named[0];
  let best: { id: string; distance: number } | undefined;
  for (const id of known) {
    const distance = editDistance(w, id.toLowerCase());
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(w.length / 3)) ? best.id : undefined;
}

/** ` (did you mean "x"?)`, or '' when nothing is near. */
export function didYouMean(word: string, known: readonly string[]): string {
  const id = nearestId(word, known);
  return id ? ` (did you mean "${id}"?)` : '';
}
