/**
 * Scales and ticks for the SVG charts. Pure: a domain, a pixel range, and the mapping between them.
 * The charts write each scale onto their SVG (data-x-scale etc.), so a test can map the API's own
 * numbers to pixels and compare them with what was drawn.
 */

export type ScaleKind = 'linear' | 'log';

export interface Scale {
  kind: ScaleKind;
  domain: readonly [number, number];
  range: readonly [number, number];
  (value: number): number;
}

export function scale(
  kind: ScaleKind,
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const f = kind === 'log' ? Math.log10 : (v: number) => v;
  const [d0, d1] = [f(domain[0]), f(domain[1])];
  const span = d1 - d0 || 1;
  const map = (value: number) => range[0] + ((f(value) - d0) / span) * (range[1] - range[0]);
  return Object.assign(map, { kind, domain, range });
}

/** A log domain spanning whole decades around the values (at least one decade). */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [1, 10];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  let hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}

/** A linear domain from zero to a round number at or above the largest value. */
export function linearDomain(values: readonly number[]): [number, number] {
  const max = Math.max(0, ...values.filter(Number.isFinite));
  if (max === 0) return [0, 1];
  const step = 10 ** Math.floor(Math.log10(max));
  return [0, Math.ceil(max / step) * step];
}

export function ticks(s: Scale, count = 5): number[] {
  const [lo, hi] = s.domain;
  if (s.kind === 'log') {
    const decades = Math.round(Math.log10(hi / lo));
    const every = Math.max(1, Math.ceil(decades / 8));
    const out: number[] = [];
    for (let e = Math.log10(lo); e <= Math.log10(hi) + 1e-9; e += every) out.push(10 ** e);
    return out;
  }
  const step = (hi - lo) / count;
  return Array.from({ length: count + 1 }, (_, i) => lo + i * step);
}

/** SVG path data through the points, in order: "M x,y L x,y ...". */
export function pathData(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(2)},${y.toFixed(2)}`).join(' ');
}

/** The points of path data written by `pathData` (for tests and for reading a chart back). */
export function pointsOfPath(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
