/**
 * The plan drawn as plain SVG: the memory breakdown against the device, monthly cost against usage
 * (log-log, self-hosted and managed, break-even and the caller's usage marked), and cost against
 * speed for the options the search kept. Each chart writes its scales on the <svg> (data-x-scale,
 * data-y-scale: "kind:d0,d1:r0,r1") so what it drew can be checked against the API's numbers.
 *
 * A log axis has no zero, and owned hardware costs $0: when a chart has $0 figures it draws them in
 * a lane under the log plot, past a break in the axis, at the height it writes as data-y-zero.
 */
import { svg } from './dom.js';
import { formatCompact, formatNumber, formatUsd } from './format.js';
import { linearDomain, logDomain, pathData, type Scale, scale, ticks } from './scale.js';
import type { CostCurve, EstimateResponse, PlanOption, Usage } from './types.js';

const WIDTH = 720;
const describeScale = (s: Scale) => `${s.kind}:${s.domain.join(',')}:${s.range.join(',')}`;

export const memorySegments = [
  ['weights', 'Weights'],
  ['kvCache', 'KV cache'],
  ['activations', 'Activations'],
  ['gradients', 'Gradients'],
  ['optimizerStates', 'Optimizer states'],
  ['overhead', 'Runtime overhead'],
] as const;

type Breakdown = EstimateResponse['memory']['breakdownGiB'];

/** One stacked bar: what a device holds, segment by segment, and a line at its capacity. */
export function memoryBar(memory: EstimateResponse['memory']): SVGSVGElement {
  const height = 64;
  const plot = { left: 8, right: WIDTH - 8, top: 8, bottom: 40 };
  const total = memorySegments.reduce((sum, [key]) => sum + memory.breakdownGiB[key], 0);
  const x = scale('linear', [0, Math.max(memory.capacityPerDeviceGiB, total)], [plot.left, plot.right]);
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'img',
    'aria-label': `${formatNumber(total)} GiB of ${formatNumber(memory.capacityPerDeviceGiB)} GiB per device`,
    'data-x-scale': describeScale(x),
  });
  let at = 0;
  for (const [key, name] of memorySegments) {
    const value = (memory.breakdownGiB as Breakdown)[key];
    if (value <= 0) continue;
    const rect = svg(
      'rect',
      {
        class: `seg-${key}`,
        x: x(at).toFixed(2),
        width: (x(at + value) - x(at)).toFixed(2),
        y: plot.top,
        height: plot.bottom - plot.top,
        'data-key': key,
        'data-gib': value,
      },
      svg('title', {}, `${name}: ${formatNumber(value)} GiB`),
    );
    chart.append(rect);
    at += value;
  }
  const cap = x(memory.capacityPerDeviceGiB);
  chart.append(
    svg('line', {
      class: 'capacity',
      x1: cap,
      x2: cap,
      y1: 2,
      y2: plot.bottom + 4,
      'data-gib': memory.capacityPerDeviceGiB,
    }),
    svg(
      'text',
      { x: cap, y: height - 6, 'text-anchor': cap > WIDTH - 120 ? 'end' : 'middle', class: 'marker-label' },
      `capacity ${formatNumber(memory.capacityPerDeviceGiB)} GiB`,
    ),
  );
  return chart;
}

interface Plot {
  chart: SVGSVGElement;
  x: Scale;
  y: Scale;
}

const frame = { left: 64, right: WIDTH - 16, top: 28, bottom: 260 };
/** Height of the $0 lane under a log cost axis. */
const ZERO_LANE = 30;

/** A log cost axis over the positive `costs`, with a $0 lane when any cost is zero. */
function costAxis(costs: readonly number[]): { y: Scale; zeroY?: number; yOf: (usd: number) => number } {
  const hasZero = costs.some((c) => c === 0);
  const y = scale('log', logDomain(costs), [hasZero ? frame.bottom - ZERO_LANE : frame.bottom, frame.top]);
  const zeroY = hasZero ? frame.bottom - 8 : undefined;
  return { y, zeroY, yOf: (usd) => (usd > 0 || zeroY === undefined ? y(usd) : zeroY) };
}

/** Axes, grid and tick labels for a log or linear x/y plot. */
function axes(
  x: Scale,
  y: Scale,
  labels: { x: string; y: string; xTick: (v: number) => string; yTick: (v: number) => string },
  ariaLabel: string,
  zeroY?: number,
): Plot {
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${frame.bottom + 44}`,
    role: 'img',
    'aria-label': ariaLabel,
    'data-x-scale': describeScale(x),
    'data-y-scale': describeScale(y),
    'data-y-zero': zeroY,
  });
  const grid = svg('g', { class: 'grid' });
  const axis = svg('g', { class: 'axis' });
  for (const t of ticks(x)) {
    grid.append(svg('line', { x1: x(t), x2: x(t), y1: frame.top, y2: frame.bottom }));
    axis.append(svg('text', { x: x(t), y: frame.bottom + 16, 'text-anchor': 'middle' }, labels.xTick(t)));
  }
  for (const t of ticks(y)) {
    grid.append(svg('line', { x1: frame.left, x2: frame.right, y1: y(t), y2: y(t) }));
    axis.append(svg('text', { x: frame.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, labels.yTick(t)));
  }
  if (zeroY !== undefined) {
    // The $0 lane, and a break in the axis between it and the log scale.
    const gap = frame.bottom - ZERO_LANE + 10;
    grid.append(svg('line', { class: 'zero-line', x1: frame.left, x2: frame.right, y1: zeroY, y2: zeroY }));
    axis.append(
      svg('text', { x: frame.left - 6, y: zeroY + 4, 'text-anchor': 'end' }, '$0'),
      svg('path', {
        class: 'axis-break',
        d: `M${frame.left - 5},${gap + 3} l10,-6 M${frame.left - 5},${gap + 8} l10,-6`,
      }),
    );
  }
  axis.append(
    svg('path', { d: `M${frame.left},${frame.top} V${frame.bottom} H${frame.right}`, fill: 'none' }),
    svg(
      'text',
      { x: (frame.left + frame.right) / 2, y: frame.bottom + 38, 'text-anchor': 'middle' },
      labels.x,
    ),
    svg('text', { x: 4, y: 12 }, labels.y),
  );
  chart.append(grid, axis);
  return { chart, x, y };
}

/**
 * Monthly cost against requests per day, self-hosted and managed; break-even and usage marked, and
 * the plan's own monthly cost at that usage as a point (`planMonthlyUsd`, when above zero).
 */
export function costCurveChart(curve: CostCurve, usage?: Usage, planMonthlyUsd?: number): SVGSVGElement {
  const points = curve.points.filter((p) => p.requestsPerDay > 0);
  const costs = points.flatMap((p) => [
    p.selfHostedMonthlyUsd ?? Number.NaN,
    p.managedMonthlyUsd ?? Number.NaN,
  ]);
  if (planMonthlyUsd !== undefined) costs.push(planMonthlyUsd);
  const x = scale('log', logDomain(points.map((p) => p.requestsPerDay)), [frame.left, frame.right]);
  const { y, zeroY, yOf } = costAxis(costs);
  const { chart } = axes(
    x,
    y,
    { x: 'requests per day', y: '$ per month', xTick: formatCompact, yTick: (v) => `$${formatCompact(v)}` },
    'Monthly cost against usage, self-hosted and managed',
    zeroY,
  );
  // One subpath per run of points that have the figure: no line across a gap (self-hosted is
  // absent where no hardware carries the volume within the SLO). $0 (owned) runs along the lane.
  const line = (key: 'selfHostedMonthlyUsd' | 'managedMonthlyUsd', cls: string) => {
    const runs: (readonly [number, number])[][] = [[]];
    for (const p of points) {
      const value = p[key];
      const drawable = value !== undefined && (value > 0 || (value === 0 && zeroY !== undefined));
      if (drawable) runs.at(-1)?.push([x(p.requestsPerDay), yOf(value)]);
      else if (runs.at(-1)?.length) runs.push([]);
    }
    const d = runs
      .filter((r) => r.length > 0)
      .map(pathData)
      .join(' ');
    if (d) chart.append(svg('path', { class: cls, d, 'data-series': key }));
  };
  line('selfHostedMonthlyUsd', 'series-self-hosted');
  line('managedMonthlyUsd', 'series-managed');
  // Labels on the side with more room: break-even at the top, your usage at the bottom.
  const vertical = (value: number, cls: string, label: string, labelY: number) => {
    const at = x(value);
    const onLeft = at > (frame.left + frame.right) / 2;
    chart.append(
      svg('line', {
        class: cls,
        x1: at,
        x2: at,
        y1: frame.top,
        y2: frame.bottom,
        'data-requests-per-day': value,
      }),
      svg(
        'text',
        {
          class: 'marker-label',
          x: onLeft ? at - 4 : at + 4,
          y: labelY,
          'text-anchor': onLeft ? 'end' : 'start',
        },
        label,
      ),
    );
  };
  const breakEven = curve.breakEvenRequestsPerDay;
  if (breakEven !== undefined) {
    vertical(breakEven, 'marker-break-even', `break-even ${formatCompact(breakEven)}/day`, frame.top + 12);
  }
  if (usage && usage.requestsPerDay > 0) {
    vertical(
      usage.requestsPerDay,
      'marker-usage',
      `you: ${formatCompact(usage.requestsPerDay)}/day`,
      // Above the $0 lane when there is one, so the label does not sit on the lane's points.
      zeroY === undefined ? frame.bottom - 8 : frame.bottom - ZERO_LANE - 6,
    );
    if (planMonthlyUsd !== undefined && (planMonthlyUsd > 0 || zeroY !== undefined)) {
      chart.append(
        svg(
          'circle',
          {
            class: 'option recommended plan-point',
            cx: x(usage.requestsPerDay),
            cy: yOf(planMonthlyUsd),
            r: 6,
          },
          svg('title', {}, `this plan: ${formatUsd(planMonthlyUsd)} a month`),
        ),
      );
    }
  }
  return chart;
}

/**
 * What an option costs and how fast it is: speed and the month for a service, job time and the
 * job's cost for a job (training, fine-tuning, batch).
 */
export function optionAxes(isJob: boolean): {
  speed: (o: PlanOption) => number | undefined;
  cost: (o: PlanOption) => number;
  xLabel: string;
  yLabel: string;
} {
  return isJob
    ? {
        speed: (o) => o.jobHours,
        cost: (o) => o.jobCostUsd ?? o.monthlyUsd,
        xLabel: 'job hours',
        yLabel: '$ per job',
      }
    : {
        speed: (o) => o.decodeTokensPerSecond,
        cost: (o) => o.monthlyUsd,
        xLabel: 'tokens per second per stream',
        yLabel: '$ per month',
      };
}

/** Where a label beside a point at `at` fits in the chart: to its right, its left, or centred. */
function labelAt(at: number, text: string): { x: number; 'text-anchor': string } {
  const width = text.length * 6.6; // 12px system-ui, about 0.55em a character
  if (at + 10 + width <= WIDTH) return { x: at + 10, 'text-anchor': 'start' };
  if (at - 10 - width >= 0) return { x: at - 10, 'text-anchor': 'end' };
  return { x: Math.min(Math.max(at, width / 2), WIDTH - width / 2), 'text-anchor': 'middle' };
}

/**
 * Cost against speed (or job time) for every option the search kept, the recommendation
 * highlighted; owned hardware ($0) in the lane under the log axis.
 */
export function costSpeedChart(options: readonly PlanOption[], isJob: boolean): SVGSVGElement {
  const axesOf = optionAxes(isJob);
  const drawn = options.filter((o) => (axesOf.speed(o) ?? 0) > 0 && axesOf.cost(o) >= 0);
  const x = scale('log', logDomain(drawn.map((o) => axesOf.speed(o) as number)), [frame.left, frame.right]);
  const { y, zeroY, yOf } = costAxis(drawn.map(axesOf.cost));
  const { chart } = axes(
    x,
    y,
    { x: axesOf.xLabel, y: axesOf.yLabel, xTick: formatCompact, yTick: (v) => `$${formatCompact(v)}` },
    `${isJob ? 'Job cost against job time' : 'Cost against speed'} for ${drawn.length} options`,
    zeroY,
  );
  // The recommendation last, so it is drawn on top.
  for (const o of [...drawn].sort((a, b) => Number(a.recommended) - Number(b.recommended))) {
    const speed = axesOf.speed(o) as number;
    const cost = axesOf.cost(o);
    chart.append(
      svg(
        'circle',
        {
          class: o.recommended ? 'option recommended' : 'option',
          cx: x(speed).toFixed(2),
          cy: yOf(cost).toFixed(2),
          r: o.recommended ? 7 : 4.5,
          'data-label': o.label,
        },
        svg(
          'title',
          {},
          `${o.label} (${o.purchaseOption}): ${formatNumber(speed)} ${axesOf.xLabel}, ${formatUsd(cost)}`,
        ),
      ),
    );
    if (o.recommended) {
      const text = `recommended: ${o.label}`;
      chart.append(
        svg(
          'text',
          { class: 'marker-label', y: Math.max(frame.top + 12, yOf(cost) - 10), ...labelAt(x(speed), text) },
          text,
        ),
      );
    }
  }
  return chart;
}

export { linearDomain };
