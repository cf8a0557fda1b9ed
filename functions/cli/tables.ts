/**
 * Plain-text tables for the CLI: the same answers the API gives, laid out for a terminal.
 */
import type { z } from 'zod';
import type {
  AcceleratorListItemSchema,
  AlternativeSchema,
  InstanceListItemSchema,
  ModelListItemSchema,
  PlanResponse,
  Pricing,
} from '../../lib/contract/plan.js';
import type { EstimateResponse } from '../../lib/contract/schemas.js';

type Cell = string | number | undefined;

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => headers.map((_, i) => (row[i] === undefined ? '' : String(row[i]))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => row[i]?.length ?? 0)));
  const numeric = headers.map((_, i) =>
    rows.every((row) => row[i] === undefined || typeof row[i] === 'number'),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** Label/value lines. */
function fields(rows: readonly (readonly [string, Cell])[]): string {
  const present = rows.filter(([, v]) => v !== undefined && v !== '');
  const width = Math.max(...present.map(([label]) => label.length));
  return present.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

const fixed = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? undefined : value.toFixed(digits);
const usd = (value: number | undefined) =>
  value === undefined ? undefined : `$${value < 10 ? value.toFixed(3) : value.toFixed(2)}`;
const bullets = (title: string, items: readonly string[]) =>
  items.length > 0 ? `\n${title}\n${items.map((s) => `  - ${s}`).join('\n')}` : '';
const pricingLine = (p: Pricing) =>
  `Prices: ${p.source}, as of ${p.asOf}, ${p.region}, ${p.currency}${p.stale ? ` (stale${p.staleReason ? `: ${p.staleReason}` : ''})` : ''}`;

export function estimateTable(e: EstimateResponse): string {
  const { memory: m, inference: inf, training: t, assumptions: a } = e;
  const b = m.breakdownGiB;
  return [
    fields([
      ['Model', `${a.model} (${a.parameters.toExponential(3)} parameters)`],
      ['Hardware', a.hardware],
      [
        'Fits',
        `${e.fits ? 'yes' : 'NO'}: ${fixed(m.perDeviceGiB)} of ${fixed(m.capacityPerDeviceGiB)} GiB per device, ${m.devices} device(s)`,
      ],
      [
        'Memory (GiB)',
        `weights ${fixed(b.weights)}, KV cache ${fixed(b.kvCache)}, activations ${fixed(b.activations)}, gradients ${fixed(b.gradients)}, optimizer ${fixed(b.optimizerStates)}, overhead ${fixed(b.overhead)}`,
      ],
      ['Time to first token', inf && `${fixed(inf.timeToFirstTokenMs)} ms`],
      ['Time per output token', inf && `${fixed(inf.timePerOutputTokenMs, 2)} ms`],
      ['Request latency', inf && `${fixed(inf.requestLatencyMs, 0)} ms`],
      ['Tokens/s per sequence', inf && fixed(inf.decodeTokensPerSecond)],
      ['Output tokens/s total', inf && fixed(inf.outputTokensPerSecond)],
      ['Concurrency', inf && `${inf.concurrency} (max ${inf.maxConcurrency})`],
      ['Bottleneck', inf?.bottleneck],
      [
        'Uncertainty',
        e.uncertainty &&
          `typically within ${fixed(e.uncertainty.typicalErrorFactor, 2)}x (${e.uncertainty.family}, ${e.uncertainty.cases} published cases)`,
      ],
      ['Training tokens/s', t && fixed(t.tokensPerSecond, 0)],
      ['Job hours', t && fixed(t.hours, 2)],
      ['Device hours', t && fixed(t.deviceHours, 1)],
      ['MFU', t && fixed(t.modelFlopsUtilization, 3)],
      [
        'Assumptions',
        `${a.engine}, ${a.precision} weights, ${a.kvCachePrecision} KV, TP ${a.tensorParallel} x PP ${a.pipelineParallel} x DP ${a.dataParallel}, MBU ${a.memoryBandwidthEfficiency}, MFU ${a.computeEfficiency}`,
      ],
    ]),
    bullets('Notes', e.notes),
  ].join('');
}

type Option = Omit<z.infer<typeof AlternativeSchema>, 'why'> & { why?: string };

/** The pricing term, with a mark when the price is derived (~) or indicative (*). */
function way(o: Option): string {
  return `${o.purchaseOption}${o.priceDerived ? ' ~' : ''}${o.priceIndicative ? ' *' : ''}`;
}

function optionRow(label: string, o: Option): Cell[] {
  const inf = o.estimate.inference;
  return [
    label,
    o.label,
    way(o),
    o.precision,
    usd(o.hourlyUsd),
    usd(o.monthlyUsd),
    inf ? fixed(inf.timePerOutputTokenMs, 1) : undefined,
    o.costPerMillionOutputTokensUsd !== undefined
      ? `${usd(o.costPerMillionOutputTokensUsd)} per M tokens`
      : o.jobCostUsd !== undefined
        ? `${usd(o.jobCostUsd)} per job (${fixed(o.jobHours)} h)`
        : undefined,
    o.estimate.uncertainty ? `~${fixed(o.estimate.uncertainty.typicalErrorFactor, 2)}x` : undefined,
    o.why,
  ];
}

function usageLine(p: PlanResponse): string | undefined {
  const u = p.usage;
  if (!u) return undefined;
  return `\nUsage: ${fixed(u.requestsPerDay, 0)} requests/day over ${u.activeHoursPerDay} h (${u.basis}), peak ${u.peakRequestsPerSecond >= 0.1 ? fixed(u.peakRequestsPerSecond, 2) : Number(u.peakRequestsPerSecond.toPrecision(2))} requests/s, ${fixed(u.sequencesInFlight, 2)} in flight at peak`;
}

function managedLines(p: PlanResponse): string {
  const managed = p.managed ?? [];
  const breakEven = p.costCurve?.breakEvenRequestsPerDay;
  const lines = managed.map(
    (m) =>
      `  ${m.provider} ${m.modelId}: $${m.inputPerMillionUsd}/$${m.outputPerMillionUsd} per M in/out tokens, ${usd(m.monthlyUsd)} at this usage`,
  );
  if (breakEven !== undefined)
    lines.push(`  self-hosting pays above about ${fixed(breakEven, 0)} requests/day`);
  return lines.length ? `\nManaged per token:\n${lines.join('\n')}` : '';
}

export function planTable(p: PlanResponse): string {
  const rows = [
    optionRow('recommended', p.recommendation),
    ...p.alternatives.map((a, i) => optionRow(`alternative ${i + 1}`, a)),
  ];
  return [
    `Tier: ${p.tier}`,
    '',
    table(['', 'hardware', 'way', 'precision', '$/hour', '$/month', 'TPOT ms', 'cost', 'error', 'why'], rows),
    '(~ derived price, * indicative spot price; error: typical error factor of the estimate)',
    bullets('Why', p.rationale),
    usageLine(p),
    managedLines(p),
    `\nRequirements: ${fixed(p.requirements.memoryGiB)} GiB (weights ${fixed(p.requirements.weightsGiB)} GiB)`,
    pricingLine(p.pricing),
  ]
    .filter((line) => line !== undefined && line !== '')
    .join('\n');
}

export function modelsTable(models: readonly z.infer<typeof ModelListItemSchema>[]): string {
  return table(
    ['id', 'name', 'parameters', 'active', 'layers', 'hidden', 'KV bytes/token'],
    models.map((m) => [
      m.id,
      m.name,
      (m.architecture.parameters ?? 0).toExponential(2),
      m.activeParameters.toExponential(2),
      m.architecture.layers,
      m.architecture.hiddenSize,
      m.kvCacheBytesPerToken,
    ]),
  );
}

export function instancesTable(
  instances: readonly z.infer<typeof InstanceListItemSchema>[],
  pricing: Pricing,
): string {
  return [
    table(
      ['instance', 'vCPUs', 'memory GiB', 'kind', 'accelerator', 'count', 'on-demand $/h', 'spot $/h'],
      instances.map((i) => [
        i.instanceType,
        i.vcpus,
        i.memoryGiB,
        i.acceleratorKind,
        i.accelerator ?? '',
        i.acceleratorCount,
        i.onDemandHourlyUsd ?? '',
        i.spotHourlyUsd ?? '',
      ]),
    ),
    pricingLine(pricing),
  ].join('\n');
}

export function acceleratorsTable(
  accelerators: readonly z.infer<typeof AcceleratorListItemSchema>[],
): string {
  return table(
    ['id', 'name', 'kind', 'memory GiB', 'bandwidth GB/s', 'bf16 TFLOP/s', 'interconnect'],
    accelerators.map((a) => [
      a.id,
      a.name,
      a.kind,
      a.memoryGiB,
      a.memoryBandwidthGBps,
      a.peakTflops.bf16 ?? a.peakTflops.fp16,
      `${a.interconnect.kind} ${a.interconnect.bandwidthGBps} GB/s`,
    ]),
  );
}
