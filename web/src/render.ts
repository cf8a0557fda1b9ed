/** The plan as a page: the recommendation card, the tables, and the figures around the charts. */
import { costCurveChart, costSpeedChart, memoryBar, memorySegments } from './charts.js';
import { byId, el } from './dom.js';
import { formatHours, formatNumber, formatUsd } from './format.js';
import type { AlternativeChoice, Choice, PlanResponse } from './types.js';

export const hardwareLabel = (c: Pick<Choice, 'instanceType' | 'instanceCount' | 'label'>): string =>
  c.label ?? `${c.instanceCount > 1 ? `${c.instanceCount}x ` : ''}${c.instanceType}`;

function usageCaption(plan: PlanResponse): string {
  const job = plan.recommendation.jobHours;
  if (job !== undefined) return `a job of ${formatHours(job)}`;
  const u = plan.usage;
  if (!u) return 'running all month (730 hours)';
  const hours = u.activeHoursPerDay < 24 ? `, ${formatNumber(u.activeHoursPerDay)} h a day` : '';
  const who = u.basis === 'assumed-personal' ? 'assumed one person' : 'at your usage';
  return `${who}: ${formatNumber(u.requestsPerDay)} requests a day${hours}`;
}

function speedFacts(c: Choice): [string, string][] {
  const inference = c.estimate.inference;
  if (inference) {
    return [
      ['Speed per stream', `${formatNumber(inference.decodeTokensPerSecond)} tokens/s`],
      ['First token', `${formatNumber(inference.timeToFirstTokenMs)} ms`],
      ['Streams at once', formatNumber(inference.concurrency)],
    ];
  }
  const facts: [string, string][] = [];
  if (c.jobHours !== undefined) facts.push(['Job time', formatHours(c.jobHours)]);
  if (c.jobCostUsd !== undefined) facts.push(['Job cost', formatUsd(c.jobCostUsd)]);
  if (c.estimate.training)
    facts.push(['Throughput', `${formatNumber(c.estimate.training.tokensPerSecond)} tokens/s`]);
  return facts;
}

export function renderRecommendation(plan: PlanResponse): void {
  const c = plan.recommendation;
  const isJob = c.jobHours !== undefined;
  const facts: [string, string][] = [
    ['Precision', c.precision],
    // A job is paid for its hours; a service for its month at the stated usage.
    ...(isJob ? [] : ([['$ per month', formatUsd(c.monthlyUsd)]] as [string, string][])),
    ['$ per hour', `${formatUsd(c.hourlyUsd)}${c.purchaseOption ? ` ${c.purchaseOption}` : ''}`],
    ...speedFacts(c),
  ];

  if (c.costPerMillionOutputTokensUsd !== undefined) {
    facts.push(['$ per million output tokens', formatUsd(c.costPerMillionOutputTokensUsd)]);
  }
  const u = c.estimate.uncertainty;
  const flags = [
    c.priceDerived && 'price derived from another region',
    c.priceIndicative && 'indicative price',
  ].filter(Boolean);
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
            {},
            el('dt', { textContent: term }),
            el('dd', { textContent: value, dataset: { fact: term } }),
          ),
        ),
      ),
      flags.length > 0 && el('p', { className: 'note', textContent: `Note: ${flags.join(', ')}.` }),
      u &&
        el('p', {
          className: 'note',
          textContent: `Estimates for ${u.family} are typically within a factor ${formatNumber(u.typicalErrorFactor)} of measurements (${u.cases} published cases).`,
        }),
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

export function renderCharts(plan: PlanResponse): void {
  const curveNode = byId('cost-curve-chart');
  if (plan.costCurve && plan.costCurve.points.length > 1) {
    const { points, breakEvenRequestsPerDay: breakEven } = plan.costCurve;
    const uncarried = points.find((p) => p.selfHostedMonthlyUsd === undefined && p.requestsPerDay > 0);
    const managed = points.some((p) => p.managedMonthlyUsd !== undefined);
    const summary = [
      breakEven !== undefined
        ? `self-hosting pays off above ${formatNumber(breakEven)} requests a day`
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
    figure(
      'cost-speed-chart',
      'Cost against speed',
      `${plan.options.length} options the search kept; the recommendation in green`,
      costSpeedChart(plan.options),
    );
  } else speedNode.hidden = true;
}

interface Column {
  name: string;
  numeric?: boolean;
  value: (a: AlternativeChoice) => number | string;
  show?: (a: AlternativeChoice) => string;
}

function speedColumn(plan: PlanResponse): Column[] {
  if (plan.recommendation.estimate.inference) {
    return [
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
  return [
    {
      name: 'Job hours',
      numeric: true,
      value: (a) => a.jobHours ?? 0,
      show: (a) => formatNumber(a.jobHours ?? 0),
    },
    {
      name: 'Job cost',
      numeric: true,
      value: (a) => a.jobCostUsd ?? 0,
      show: (a) => formatUsd(a.jobCostUsd ?? 0),
    },
  ];
}

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
    { name: 'Pricing', value: (a) => a.purchaseOption ?? '' },
    { name: '$/hour', numeric: true, value: (a) => a.hourlyUsd, show: (a) => formatUsd(a.hourlyUsd) },
    { name: '$/month', numeric: true, value: (a) => a.monthlyUsd, show: (a) => formatUsd(a.monthlyUsd) },
    ...speedColumn(plan),
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
              className: c.numeric ? 'num' : '',
              textContent: c.show ? c.show(a) : String(c.value(a)),
            }),
          ),
        ),
      ),
    );
  fill();
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
  );
}

export function renderManaged(plan: PlanResponse): void {
  const node = byId('managed');
  const managed = plan.managed ?? [];
  node.hidden = managed.length === 0;
  if (managed.length === 0) return;
  node.replaceChildren(
    el('h3', { textContent: 'Managed, per token' }),
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Provider', 'Model', '$ per M input', '$ per M output', '$/month at your usage', 'Why'].map(
            (h) => el('th', { scope: 'col', textContent: h }),
          ),
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
            el('td', { className: 'num', textContent: formatUsd(m.monthlyUsd) }),
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
