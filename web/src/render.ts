/** The plan as a page: the recommendation card, the tables, and the figures around the charts. */
import { costCurveChart, costSpeedChart, memoryBar, memorySegments } from './charts.js';
import { byId, el } from './dom.js';
import { formatHours, formatNumber, formatUsd } from './format.js';
import type { AcceleratorListItem, AlternativeChoice, Choice, PlanResponse } from './types.js';
import {
  isUncertain,
  marksOf,
  priceMarks,
  UNCERTAIN_FACTOR,
  uncertaintyCell,
  uncertaintyWords,
  wayWords,
} from './words.js';

export const hardwareLabel = (c: Pick<Choice, 'instanceType' | 'instanceCount' | 'label'>): string =>
  c.label ?? `${c.instanceCount > 1 ? `${c.instanceCount}x ` : ''}${c.instanceType}`;

let acceleratorNames = new Map<string, string>();

/** The accelerator list, so owned hardware is named as the form named it. */
export function setAcceleratorNames(list: readonly AcceleratorListItem[]): void {
  acceleratorNames = new Map(list.map((a) => [a.id, a.name]));
}

/** A training, fine-tuning or batch plan: priced as a job, not a month. */
export const isJob = (plan: PlanResponse) => plan.recommendation.jobHours !== undefined;

function usageCaption(plan: PlanResponse): string {
  const job = plan.recommendation.jobHours;
  if (job !== undefined) return `a job of ${formatHours(job)}`;
  const u = plan.usage;
  if (!u) return 'running all month (730 hours)';
  const hours = u.activeHoursPerDay < 24 ? `, ${formatNumber(u.activeHoursPerDay)} h a day` : '';
  const who = u.basis === 'assumed-personal' ? 'assumed one person' : 'at your usage';
  return `${who}: ${formatNumber(u.requestsPerDay)} requests a day${hours}`;
}

/** The way a choice is paid for, in words, with the derived (~) and indicative (*) marks. */
const wayOf = (plan: PlanResponse, c: Choice) =>
  `${wayWords(c.purchaseOption, plan.usage?.activeHoursPerDay)}${marksOf(c) ? ` ${marksOf(c)}` : ''}`;

type Fact = [string, string];

function ownedFact(c: Choice): Fact[] {
  const o = c.owned;
  if (!o) return [];
  const name = acceleratorNames.get(o.accelerator) ?? o.accelerator;
  return [
    [
      'Your hardware',
      `${o.count > 1 ? `${o.count}x ` : ''}${name}, ${formatNumber(o.memoryGiB)} GiB for the model${o.count > 1 ? ' each' : ''}`,
    ],
  ];
}

function serviceFacts(c: Choice): Fact[] {
  const inference = c.estimate.inference;
  const facts: Fact[] = [
    ['$ per month', formatUsd(c.monthlyUsd)],
    ['$ per hour', formatUsd(c.hourlyUsd)],
  ];
  if (inference) {
    facts.push(
      ['Speed per stream', `${formatNumber(inference.decodeTokensPerSecond)} tokens/s`],
      ['First token', `${formatNumber(inference.timeToFirstTokenMs)} ms`],
      ['Streams at once', formatNumber(inference.concurrency)],
    );
  }
  if (c.costPerMillionOutputTokensUsd !== undefined) {
    facts.push(['$ per million output tokens', formatUsd(c.costPerMillionOutputTokensUsd)]);
  }
  return facts;
}

/** A job: how long, what it costs, on what fleet, and how fast each replica goes. */
function jobFacts(c: Choice): Fact[] {
  const facts: Fact[] = [
    ...(c.owned ? [] : ([['Fleet', `${c.instanceCount} x ${c.instanceType}`]] as Fact[])),
    [c.instanceCount > 1 ? '$ per hour, fleet' : '$ per hour', formatUsd(c.hourlyUsd)],
  ];
  if (c.jobHours !== undefined) facts.push(['Job time', formatHours(c.jobHours)]);
  if (c.jobCostUsd !== undefined) facts.push(['Job cost', formatUsd(c.jobCostUsd)]);
  const { inference, training } = c.estimate;
  if (training) facts.push(['Throughput', `${formatNumber(training.tokensPerSecond)} tokens/s`]);
  else if (inference) {
    facts.push(
      ['Output per replica', `${formatNumber(inference.outputTokensPerSecond)} tokens/s`],
      ['Sequences at once', formatNumber(inference.concurrency)],
    );
  }
  return facts;
}

/** What the marks on prices mean, for the marks that `choices` carry. */
function marksLegend(choices: readonly Choice[]): string[] {
  return [
    choices.some((c) => c.priceDerived) && `${priceMarks.derived.mark} ${priceMarks.derived.words}`,
    choices.some((c) => c.priceIndicative) && `${priceMarks.indicative.mark} ${priceMarks.indicative.words}`,
  ].filter((line): line is string => typeof line === 'string');
}

export function renderRecommendation(plan: PlanResponse): void {
  const c = plan.recommendation;
  const facts: Fact[] = [
    ['Precision', c.precision],
    ['Way', wayOf(plan, c)],
    ...ownedFact(c),
    // A job is paid for its hours; a service for its month at the stated usage.
    ...(isJob(plan) ? jobFacts(c) : serviceFacts(c)),
  ];
  const u = c.estimate.uncertainty;
  const marks = marksLegend([c]);
  byId('recommendation').replaceChildren(
    el(
      'article',
      { className: 'card', ariaLabel: 'Recommendation' },
      el(
        'div',
        { className: 'headline' },
        el('span', { className: `tier ${plan.tier}`, textContent: plan.tier, dataset: { field: 'tier' } }),
        el('span', { className: 'hardware', textContent: hardwareLabel(c), dataset: { field: 'hardware' } }),
        el('span', {
          textContent: `${c.acceleratorKind.toUpperCase()} · ${usageCaption(plan)}`,
          dataset: { field: 'usage' },
        }),
      ),
      el(
        'dl',
        { className: 'facts' },
        ...facts.map(([term, value]) =>
          el(
            'div',
            { className: value.length > 24 ? 'wide' : '' },
            el('dt', { textContent: term }),
            el('dd', { textContent: value, dataset: { fact: term } }),
          ),
        ),
      ),
      u &&
        el(
          'p',
          { className: isUncertain(u) ? 'trust uncertain' : 'trust' },
          el('strong', { textContent: 'How far to trust the estimate: ' }),
          isUncertain(u) && el('span', { className: 'badge', textContent: 'less certain' }),
          ' ',
          el('span', { textContent: `${uncertaintyWords(u)}.`, dataset: { field: 'uncertainty' } }),
        ),
      marks.length > 0 &&
        el('ul', { className: 'marks', dataset: { field: 'marks' } }, ...marks.map((m) => el('li', {}, m))),
      el(
        'ul',
        { className: 'rationale' },
        ...plan.rationale.map((sentence) => el('li', { textContent: sentence })),
      ),
    ),
  );
}

function figure(id: string, title: string, summary: string, body: Node, extra?: Node): void {
  const node = byId(id);
  node.hidden = false;
  node.replaceChildren(
    el('figcaption', {}, title, ' ', el('span', { className: 'summary', textContent: summary })),
    body,
    extra ?? '',
  );
}

export function renderMemory(plan: PlanResponse): void {
  const memory = plan.recommendation.estimate.memory;
  const legend = el(
    'ul',
    { className: 'legend' },
    ...memorySegments
      .filter(([key]) => memory.breakdownGiB[key] > 0)
      .map(([key, name]) =>
        el(
          'li',
          {},
          el('span', { className: `swatch seg-${key}` }),
          `${name} ${formatNumber(memory.breakdownGiB[key])} GiB`,
        ),
      ),
  );
  const devices = memory.devices > 1 ? ` (on each of ${memory.devices} devices)` : '';
  figure(
    'memory-chart',
    'Memory per device',
    `${formatNumber(memory.perDeviceGiB)} of ${formatNumber(memory.capacityPerDeviceGiB)} GiB${devices}`,
    memoryBar(memory),
    legend,
  );
}

/** The zero-cost points of a cost curve: what your own hardware carries at no cost. */
function ownedReach(plan: PlanResponse): number | undefined {
  const free = (plan.costCurve?.points ?? []).filter((p) => p.selfHostedMonthlyUsd === 0);
  return free.at(-1)?.requestsPerDay;
}

export function renderCharts(plan: PlanResponse): void {
  const curveNode = byId('cost-curve-chart');
  // A job has no month at a usage: its cost is the job's (the table and the speed chart show it).
  if (!isJob(plan) && plan.costCurve && plan.costCurve.points.length > 1) {
    const { points, breakEvenRequestsPerDay: breakEven } = plan.costCurve;
    const uncarried = points.find((p) => p.selfHostedMonthlyUsd === undefined && p.requestsPerDay > 0);
    const managed = points.some((p) => p.managedMonthlyUsd !== undefined);
    const reach = ownedReach(plan);
    const summary = [
      reach !== undefined && `$0 on your own hardware up to about ${formatNumber(reach)} requests a day`,
      breakEven !== undefined
        ? `self-hosting in the cloud pays off above ${formatNumber(breakEven)} requests a day`
        : managed
          ? 'self-hosted and managed, log scales'
          : 'self-hosted, log scales (no managed price for this model)',
      uncarried &&
        `from ${formatNumber(uncarried.requestsPerDay)} a day no hardware in the catalog meets the targets`,
    ]
      .filter(Boolean)
      .join('; ');
    figure(
      'cost-curve-chart',
      'Monthly cost against usage',
      summary,
      costCurveChart(plan.costCurve, plan.usage, plan.recommendation.monthlyUsd),
      el(
        'ul',
        { className: 'legend' },
        el(
          'li',
          {},
          el('span', { className: 'swatch line-self-hosted' }),
          'self-hosted (cheapest way at each usage)',
        ),
        managed && el('li', {}, el('span', { className: 'swatch line-managed' }), 'managed, per token'),
        el('li', {}, el('span', { className: 'swatch dot-plan' }), 'this plan at your usage'),
      ),
    );
  } else curveNode.hidden = true;

  const speedNode = byId('cost-speed-chart');
  if (plan.options && plan.options.length > 0) {
    const job = isJob(plan);
    figure(
      'cost-speed-chart',
      job ? 'Job cost against job time' : 'Cost against speed',
      `${plan.options.length} options the search kept; the recommendation in green${job ? '; further left is sooner' : ''}`,
      costSpeedChart(plan.options, job),
    );
  } else speedNode.hidden = true;
}

interface Column {
  name: string;
  numeric?: boolean;
  value: (a: AlternativeChoice) => number | string;
  show?: (a: AlternativeChoice) => string;
  /** A class for the cell (e.g. to flag a less certain estimate). */
  cellClass?: (a: AlternativeChoice) => string;
  /** A tooltip for the cell. */
  title?: (a: AlternativeChoice) => string;
}

function speedColumns(plan: PlanResponse): Column[] {
  if (isJob(plan)) {
    return [
      {
        name: 'Job hours',
        numeric: true,
        value: (a) => a.jobHours ?? 0,
        show: (a) => (a.jobHours === undefined ? '' : formatNumber(a.jobHours)),
      },
      {
        name: 'Job cost',
        numeric: true,
        value: (a) => a.jobCostUsd ?? 0,
        show: (a) => (a.jobCostUsd === undefined ? '' : formatUsd(a.jobCostUsd)),
      },
    ];
  }
  return [
    { name: '$/month', numeric: true, value: (a) => a.monthlyUsd, show: (a) => formatUsd(a.monthlyUsd) },
    {
      name: 'Tokens/s per stream',
      numeric: true,
      value: (a) => a.estimate.inference?.decodeTokensPerSecond ?? 0,
      show: (a) => formatNumber(a.estimate.inference?.decodeTokensPerSecond ?? 0),
    },
    {
      name: 'First token, ms',
      numeric: true,
      value: (a) => a.estimate.inference?.timeToFirstTokenMs ?? 0,
      show: (a) => formatNumber(a.estimate.inference?.timeToFirstTokenMs ?? 0),
    },
  ];
}

const markTitle = (c: Choice) =>
  [c.priceDerived && priceMarks.derived.words, c.priceIndicative && priceMarks.indicative.words]
    .filter(Boolean)
    .join('; ');

/** The alternatives as a table whose column headers sort it (click or Enter/Space). */
export function renderAlternatives(plan: PlanResponse): void {
  const node = byId('alternatives');
  if (plan.alternatives.length === 0) {
    node.replaceChildren();
    return;
  }
  const columns: Column[] = [
    { name: 'Hardware', value: (a) => hardwareLabel(a) },
    { name: 'Kind', value: (a) => a.acceleratorKind },
    { name: 'Precision', value: (a) => a.precision },
    { name: 'Way', value: (a) => wayOf(plan, a), title: markTitle },
    { name: '$/hour', numeric: true, value: (a) => a.hourlyUsd, show: (a) => formatUsd(a.hourlyUsd) },
    ...speedColumns(plan),
    {
      name: 'Typical error',
      numeric: true,
      value: (a) => a.estimate.uncertainty?.typicalErrorFactor ?? 0,
      show: (a) => (a.estimate.uncertainty ? uncertaintyCell(a.estimate.uncertainty) : ''),
      cellClass: (a) => (a.estimate.uncertainty && isUncertain(a.estimate.uncertainty) ? 'uncertain' : ''),
      title: (a) => (a.estimate.uncertainty ? uncertaintyWords(a.estimate.uncertainty) : ''),
    },
    {
      name: 'Memory/device, GiB',
      numeric: true,
      value: (a) => a.estimate.memory.perDeviceGiB,
      show: (a) => formatNumber(a.estimate.memory.perDeviceGiB),
    },
    { name: 'Why', value: (a) => a.why },
  ];
  let rows = [...plan.alternatives];
  const tbody = el('tbody');
  const headers = columns.map((column) => {
    const th = el('th', { scope: 'col', className: column.numeric ? 'num' : '' });
    th.setAttribute('aria-sort', 'none');
    const button = el('button', { type: 'button', textContent: column.name });
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of headers) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      rows = [...rows].sort((a, b) => {
        const [x, y] = [column.value(a), column.value(b)];
        const order =
          typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      fill();
    });
    th.append(button);
    return th;
  });
  const fill = () =>
    tbody.replaceChildren(
      ...rows.map((a) =>
        el(
          'tr',
          { dataset: { instanceType: a.instanceType } },
          ...columns.map((c) =>
            el('td', {
              className: [c.numeric ? 'num' : '', c.cellClass?.(a) ?? ''].filter(Boolean).join(' '),
              textContent: c.show ? c.show(a) : String(c.value(a)),
              dataset: { column: c.name },
              title: c.title?.(a) ?? '',
            }),
          ),
        ),
      ),
    );
  fill();
  const marks = marksLegend(plan.alternatives);
  node.replaceChildren(
    el('h3', { id: 'alternatives-title', textContent: 'Alternatives' }),
    el(
      'div',
      { className: 'scroll' },
      el(
        'table',
        { id: 'alternatives-table' },
        el('caption', { className: 'note', textContent: 'Select a column header to sort.' }),
        el('thead', {}, el('tr', {}, ...headers)),
        tbody,
      ),
    ),
    el(
      'ul',
      { className: 'marks', id: 'alternatives-legend' },
      ...marks.map((m) => el('li', {}, m)),
      el(
        'li',
        {},
        `Typical error: how far estimates in that calibration family usually are from published measurements (and on how many cases that rests); ${formatNumber(UNCERTAIN_FACTOR)}x or more, or no case, is marked as less certain.`,
      ),
    ),
  );
}

export function renderManaged(plan: PlanResponse): void {
  const node = byId('managed');
  const managed = plan.managed ?? [];
  node.hidden = managed.length === 0;
  if (managed.length === 0) return;
  const job = isJob(plan);
  const rec = plan.recommendation;
  const own = job ? (rec.jobCostUsd ?? rec.monthlyUsd) : rec.monthlyUsd;
  const against = (m: (typeof managed)[number]) =>
    own > 0
      ? `${formatNumber(m.monthlyUsd / own)}x this plan's ${formatUsd(own)}`
      : `this plan costs nothing (${wayWords(rec.purchaseOption)})`;
  node.replaceChildren(
    el('h3', { textContent: job ? 'Managed batch, per token' : 'Managed, per token' }),
    el(
      'table',
      { id: 'managed-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...[
            'Provider',
            'Model',
            '$ per M input',
            '$ per M output',
            job ? '$ for the job' : '$/month at your usage',
            'Against this plan',
            'Why',
          ].map((h) => el('th', { scope: 'col', textContent: h })),
        ),
      ),
      el(
        'tbody',
        {},
        ...managed.map((m) =>
          el(
            'tr',
            {},
            el('td', { textContent: m.provider }),
            el('td', { textContent: m.modelId }),
            el('td', { className: 'num', textContent: formatUsd(m.inputPerMillionUsd) }),
            el('td', { className: 'num', textContent: formatUsd(m.outputPerMillionUsd) }),
            el('td', { className: 'num', textContent: formatUsd(m.monthlyUsd), dataset: { column: 'cost' } }),
            el('td', { textContent: against(m) }),
            el('td', { textContent: m.why }),
          ),
        ),
      ),
    ),
  );
}

export function renderMisses(plan: PlanResponse): void {
  const node = byId('misses');
  const misses = plan.misses ?? [];
  node.hidden = misses.length === 0;
  if (misses.length === 0) return;
  node.replaceChildren(
    el('h3', { textContent: 'Ruled out' }),
    el(
      'ul',
      {},
      ...misses.map((m) =>
        el('li', { textContent: `${m.label ?? hardwareLabel(m)} (${m.precision}): ${m.message}` }),
      ),
    ),
  );
}

export function renderPricing(plan: PlanResponse): void {
  const p = plan.pricing;
  byId('pricing').textContent =
    `Prices: ${p.source} catalog of ${p.asOf}, ${p.region}, ${p.currency}${p.stale ? ` (stale${p.staleReason ? `: ${p.staleReason}` : ''})` : ''}.`;
}

export function renderPlan(plan: PlanResponse): void {
  renderRecommendation(plan);
  renderMemory(plan);
  renderCharts(plan);
  renderManaged(plan);
  renderAlternatives(plan);
  renderMisses(plan);
  renderPricing(plan);
}
