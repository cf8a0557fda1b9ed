/// <reference lib="dom" />
/**
 * The plan explorer in headless Chromium, offline: fill the form, plan, and check what the page drew
 * against the API's own JSON for the same request (the card, the table rows, the SVG geometry):
 * services and batch jobs, hardware you own (a Mac, $0 in a lane under the log cost axes), the
 * estimate's typical error, derived and indicative price marks, and problems placed at the field
 * their pointer names, including the field to relax when no plan is feasible.
 *
 * Screenshots of plans are saved to test-results/explorer/ (gitignored) for people to look at;
 * docs/explorer.png is the personal plan on a Mac (copied from personal-mac.png).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { formatHours, formatNumber, formatUsd } from '../../web/src/format.js';
import { pointsOfPath, type ScaleKind, scale } from '../../web/src/scale.js';
import type { AcceleratorListItem, PlanOption, PlanResponse, Problem } from '../../web/src/types.js';
import { UNCERTAIN_FACTOR } from '../../web/src/words.js';
import { chromiumMissing, launchChromium } from './browser.js';

const app = createApp({ catalog: embeddedCatalog, logError: () => {} });
const run = promisify(execFile);
const curlMissing = spawnSync('curl', ['--version']).status !== 0;
const screenshots = new URL('../../test-results/explorer/', import.meta.url);

const customerFacing = {
  model: 'llama-3.1-8b',
  workload: {
    kind: 'inference',
    inputTokens: 1024,
    outputTokens: 256,
    traffic: { requestsPerSecond: 5 },
    slo: { timeToFirstTokenMs: 1000, timePerOutputTokenMs: 50 },
  },
};

async function apiPlan(
  request: unknown,
): Promise<{ status: number; body: PlanResponse & Record<string, unknown> }> {
  const res = await app.request('/v1/plans', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return { status: res.status, body: (await res.json()) as PlanResponse & Record<string, unknown> };
}

async function apiProblem(request: unknown): Promise<Problem & { status: number }> {
  const { status, body } = await apiPlan(request);
  return { ...(body as unknown as Problem), status };
}

const batchJob = {
  model: 'llama-3.1-8b',
  workload: { kind: 'batch', inputTokens: 1000, outputTokens: 200, requests: 1_000_000, deadlineHours: 24 },
};

/** One person on a Mac they own, a few hours a day: the plan docs/explorer.png shows. */
const personalMac = {
  model: 'llama-3.1-8b',
  workload: {
    kind: 'inference',
    inputTokens: 1000,
    outputTokens: 200,
    traffic: { requestsPerDay: 200, activeHoursPerDay: 8 },
  },
  owned: [{ accelerator: 'apple-m4-max', memoryGiB: 64, label: 'my MacBook Pro' }],
};

/** A scale written by the page as "kind:d0,d1:r0,r1". */
function scaleOf(description: string | null) {
  const [kind, domain, range] = (description ?? '').split(':');
  const pair = (s = '') => s.split(',').map(Number) as [number, number];
  return scale(kind as ScaleKind, pair(domain), pair(range));
}

/**
 * The log cost scale a chart wrote, as a function that also maps $0 to the chart's $0 lane (which
 * it must have drawn when the answer has a $0 figure).
 */
async function costScaleOf(page: Page, selector: string) {
  const log = scaleOf(await page.getAttribute(selector, 'data-y-scale'));
  const zero = await page.getAttribute(selector, 'data-y-zero');
  return Object.assign(
    (usd: number) => {
      if (usd > 0) return log(usd);
      if (zero === null) throw new Error(`${selector} drew no $0 lane for a $0 figure`);
      return Number(zero);
    },
    { kind: log.kind, domain: log.domain, zero: zero === null ? undefined : Number(zero) },
  );
}

/** The cost curve's paths and markers sit where the answer's numbers map to. */
async function expectCostCurveDrawn(page: Page, plan: PlanResponse) {
  const curve = plan.costCurve;
  if (!curve) throw new Error('the answer has no costCurve');
  const x = scaleOf(await page.getAttribute('#cost-curve-chart svg', 'data-x-scale'));
  const y = await costScaleOf(page, '#cost-curve-chart svg');
  expect([x.kind, y.kind]).toEqual(['log', 'log']);
  const selfHosted = pointsOfPath(
    (await page.getAttribute('path[data-series="selfHostedMonthlyUsd"]', 'd')) ?? '',
  );
  const expected = curve.points.flatMap((p) =>
    p.selfHostedMonthlyUsd === undefined ? [] : [[x(p.requestsPerDay), y(p.selfHostedMonthlyUsd)]],
  );
  expect(selfHosted.length).toBe(expected.length);
  selfHosted.forEach(([px, py], i) => {
    expect(px).toBeCloseTo(expected[i]?.[0] ?? Number.NaN, 1);
    expect(py).toBeCloseTo(expected[i]?.[1] ?? Number.NaN, 1);
  });
  const managed = curve.points.filter((p) => (p.managedMonthlyUsd ?? 0) > 0);
  if (managed.length > 1) {
    const drawn = pointsOfPath((await page.getAttribute('path[data-series="managedMonthlyUsd"]', 'd')) ?? '');
    expect(drawn.map(([, py]) => py)).toEqual(
      managed.map((p) => expect.closeTo(y(p.managedMonthlyUsd as number), 1)),
    );
  }
  if (curve.breakEvenRequestsPerDay !== undefined) {
    expect(Number(await page.getAttribute('line.marker-break-even', 'x1'))).toBeCloseTo(
      x(curve.breakEvenRequestsPerDay),
      1,
    );
  }
  if (plan.usage) {
    expect(Number(await page.getAttribute('line.marker-usage', 'x1'))).toBeCloseTo(
      x(plan.usage.requestsPerDay),
      1,
    );
    // The plan's own month at that usage, as a point: where it sits against the curve is visible.
    const point = await page.$eval('circle.plan-point', (c) => [
      Number(c.getAttribute('cx')),
      Number(c.getAttribute('cy')),
    ]);
    expect(point[0]).toBeCloseTo(x(plan.usage.requestsPerDay), 1);
    expect(point[1]).toBeCloseTo(y(plan.recommendation.monthlyUsd), 1);
  }
}

/**
 * One circle per option at (speed, cost), exactly one of them the highlighted recommendation: a
 * service at (tokens/s per stream, $ a month), a job at (job hours, job cost).
 */
async function expectCostSpeedDrawn(page: Page, plan: PlanResponse) {
  const job = plan.recommendation.jobHours !== undefined;
  const speed = (o: PlanOption) => (job ? o.jobHours : o.decodeTokensPerSecond) ?? 0;
  const cost = (o: PlanOption) => (job ? (o.jobCostUsd ?? o.monthlyUsd) : o.monthlyUsd);
  const options = (plan.options ?? []).filter((o) => speed(o) > 0 && cost(o) >= 0);
  const x = scaleOf(await page.getAttribute('#cost-speed-chart svg', 'data-x-scale'));
  const y = await costScaleOf(page, '#cost-speed-chart svg');
  const drawn = await page.$$eval('#cost-speed-chart circle', (cs) =>
    cs.map((c) => ({
      label: c.getAttribute('data-label'),
      cx: Number(c.getAttribute('cx')),
      cy: Number(c.getAttribute('cy')),
      recommended: c.classList.contains('recommended'),
    })),
  );
  expect(options.length).toBeGreaterThan(1);
  expect(drawn.length).toBe(options.length);
  for (const o of options) {
    const point = drawn.find((d) => d.label === o.label && d.recommended === o.recommended);
    expect(point?.cx).toBeCloseTo(x(speed(o)), 1);
    expect(point?.cy).toBeCloseTo(y(cost(o)), 1);
  }
  expect(drawn.filter((d) => d.recommended).length).toBe(1);
  expect(await page.textContent('#cost-speed-chart svg')).toContain(job ? 'job hours' : 'tokens per second');
}

describe('Page: the plan explorer (headless Chromium, offline)', () => {
  beforeEach((ctx) => {
    if (chromiumMissing) ctx.skip(chromiumMissing);
  });

  let server: ReturnType<typeof serve> | undefined;
  let origin = '';
  let browser: Browser;
  let page: Page;
  const requestedHosts = new Set<string>();
  const problems: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing) return;
    const listening = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    server = listening;
    await new Promise<void>((resolve) => listening.once('listening', () => resolve()));
    origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('request', (r) => requestedHosts.add(new URL(r.url()).host));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function open(path = '/') {
    await page.goto(`${origin}${path}`);
    await page.waitForSelector('body[data-ready]');
  }

  async function planFromForm() {
    await open();
    await page.selectOption('#model', 'llama-3.1-8b');
    await page.fill('#inputTokens', '1024');
    await page.fill('#outputTokens', '256');
    await page.fill('#rate', '5');
    await page.selectOption('#rateUnit', 'second');
    await page.fill('#ttftMs', '1000');
    await page.fill('#tpotMs', '50');
    await page.click('#submit');
    await page.waitForSelector('#answer[data-state="planned"]');
    const sent = JSON.parse(new URL(page.url()).searchParams.get('request') ?? 'null');
    return { sent, plan: (await apiPlan(sent)).body };
  }

  it('should send the request the form describes and draw the recommendation card from the answer', async () => {
    // Act
    const { sent, plan } = await planFromForm();

    // Assess
    expect(sent).toEqual(customerFacing);
    const rec = plan.recommendation;
    expect(await page.textContent('[data-field="tier"]')).toBe(plan.tier);
    expect(await page.textContent('[data-field="hardware"]')).toBe(
      rec.label ?? `${rec.instanceCount > 1 ? `${rec.instanceCount}x ` : ''}${rec.instanceType}`,
    );
    expect(await page.textContent('[data-fact="Precision"]')).toBe(rec.precision);
    expect(await page.textContent('[data-fact="$ per month"]')).toBe(formatUsd(rec.monthlyUsd));
    const rationale = await page.$$eval('.rationale li', (items) => items.map((li) => li.textContent));
    expect(rationale).toEqual(plan.rationale);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: new URL('plan.png', screenshots).pathname, fullPage: true });
    // Offline and within the CSP: only the app's own origin was asked, nothing was blocked.
    expect([...requestedHosts]).toEqual([new URL(origin).host]);
    expect(problems).toEqual([]);
  });

  it('should list the alternatives as table rows and sort them by a column, also from the keyboard', async () => {
    const { plan } = await planFromForm();
    const rows = () =>
      page.$$eval('#alternatives-table tbody tr', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-instance-type'), tr.children[5]?.textContent]),
      );

    expect(await rows()).toEqual(plan.alternatives.map((a) => [a.instanceType, formatUsd(a.monthlyUsd)]));

    await page.click('#alternatives-table th:nth-child(6) button');
    const ascending = [...plan.alternatives].sort((a, b) => a.monthlyUsd - b.monthlyUsd);
    expect(await rows()).toEqual(ascending.map((a) => [a.instanceType, formatUsd(a.monthlyUsd)]));
    expect(await page.getAttribute('#alternatives-table th:nth-child(6)', 'aria-sort')).toBe('ascending');

    await page.focus('#alternatives-table th:nth-child(6) button');
    await page.keyboard.press('Enter');
    expect(await rows()).toEqual(
      [...ascending].reverse().map((a) => [a.instanceType, formatUsd(a.monthlyUsd)]),
    );
  });

  it('should draw the memory breakdown as segments sized by the answer, against the device capacity', async () => {
    const { plan } = await planFromForm();
    const memory = plan.recommendation.estimate.memory;
    const x = scaleOf(await page.getAttribute('#memory-chart svg', 'data-x-scale'));
    const drawn = await page.$$eval('#memory-chart rect', (rects) =>
      rects.map((r) => ({
        key: r.dataset.key,
        x: Number(r.getAttribute('x')),
        width: Number(r.getAttribute('width')),
      })),
    );

    let at = 0;
    const expected = Object.entries(memory.breakdownGiB)
      .filter(([, gib]) => gib > 0)
      .map(([key, gib]) => {
        const segment = { key, x: x(at), width: x(at + gib) - x(at) };
        at += gib;
        return segment;
      });
    expect(drawn.map((d) => d.key)).toEqual(expected.map((e) => e.key));
    drawn.forEach((d, i) => {
      expect(d.x).toBeCloseTo(expected[i]?.x ?? Number.NaN, 1);
      expect(d.width).toBeCloseTo(expected[i]?.width ?? Number.NaN, 1);
    });
    expect(Number(await page.getAttribute('#memory-chart line.capacity', 'x1'))).toBeCloseTo(
      x(memory.capacityPerDeviceGiB),
      1,
    );
    expect(x.domain[1]).toBeCloseTo(Math.max(memory.capacityPerDeviceGiB, at), 6);
  });

  it('should draw monthly cost against usage, with the break-even and the usage marked', async () => {
    const { plan } = await planFromForm();
    await expectCostCurveDrawn(page, plan);
  });

  it('should draw cost against speed for the options the search kept, the recommendation highlighted', async () => {
    const { plan } = await planFromForm();
    await expectCostSpeedDrawn(page, plan);
  });

  it('should show a bad field\u2019s problem message next to that field', async () => {
    // Prepare: what the API says about zero output tokens.
    const bad = { ...customerFacing, workload: { ...customerFacing.workload, outputTokens: 0 } };
    const { status, body } = await apiPlan(bad);
    const error = (body as unknown as { errors: { pointer: string; message: string }[] }).errors[0];
    expect([status, error?.pointer]).toEqual([422, '/workload/outputTokens']);

    // Act
    await open();
    await page.fill('#outputTokens', '0');
    await page.click('#submit');
    await page.waitForSelector('#answer[data-state="failed"]', { state: 'attached' });

    // Assess: the message sits in the output-tokens field, which is marked invalid, described by
    // it, and focused.
    const message = await page.$eval('#outputTokens', (input) => ({
      invalid: input.getAttribute('aria-invalid'),
      text: input.closest('.field')?.querySelector('.field-error')?.textContent,
      describedBy: document.getElementById((input.getAttribute('aria-describedby') ?? '').split(' ')[0] ?? '')
        ?.textContent,
      focused: document.activeElement === input,
    }));
    expect(message).toEqual({
      invalid: 'true',
      text: error?.message,
      describedBy: error?.message,
      focused: true,
    });
  });

  it('should plan on hardware I own, and place an owned row\u2019s error next to that row\u2019s field', async () => {
    await open();
    await page.fill('#rate', '200');
    await page.selectOption('#rateUnit', 'day');
    await page.fill('#activeHours', '8');
    await page.click('#add-owned');
    await page.selectOption('#owned-0-accelerator', 'a10g');
    await page.fill('#owned-0-label', 'my desktop');
    await page.click('#submit');
    await page.waitForSelector('#answer[data-state="planned"]');
    const sent = JSON.parse(new URL(page.url()).searchParams.get('request') ?? 'null');
    const plan = (await apiPlan(sent)).body;

    expect(sent.owned).toEqual([{ accelerator: 'a10g', count: 1, label: 'my desktop' }]);
    expect(sent.workload.traffic).toEqual({ requestsPerDay: 200, activeHoursPerDay: 8 });
    expect(await page.textContent('[data-field="hardware"]')).toBe(plan.recommendation.label);
    expect(await page.textContent('[data-fact="$ per month"]')).toBe(
      formatUsd(plan.recommendation.monthlyUsd),
    );

    await page.fill('#owned-0-count', '0');
    await page.click('#submit');
    await page.waitForSelector('#answer[data-state="failed"]', { state: 'attached' });
    const error = (await apiPlan({ ...sent, owned: [{ ...sent.owned[0], count: 0 }] })).body as unknown as {
      errors: { pointer: string; message: string }[];
    };
    expect(error.errors[0]?.pointer).toBe('/owned/0/count');
    expect(
      await page.$eval(
        '#owned-0-count',
        (input) => input.closest('.field')?.querySelector('.field-error')?.textContent,
      ),
    ).toBe(error.errors[0]?.message);
  });

  it('should map a pasted config.json and name its missing keys next to the config box', async () => {
    await open();
    await page.check('input[name="modelSource"][value="config"]');
    await page.fill('#modelConfig', JSON.stringify({ model_type: 'llama', hidden_size: 4096 }));
    await page.click('#submit');
    await page.waitForSelector('#answer[data-state="failed"]', { state: 'attached' });

    const errors = await page.$$eval(
      '#modelConfig ~ .field-error, .field:has(#modelConfig) .field-error',
      (ps) => ps.map((p) => p.textContent),
    );
    expect(errors).toContain('num_hidden_layers: missing: the number of layers');
    expect(errors).toContain('vocab_size: missing: the vocabulary size');
  });

  it('should copy a curl command that gets the same plan, and the request as JSON', async (ctx) => {
    if (curlMissing) ctx.skip('curl is not installed (Debian package curl)');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const { sent, plan } = await planFromForm();

    await page.click('#copy-curl');
    const command = await page.evaluate(() => navigator.clipboard.readText());
    await page.click('#copy-json');
    const json = await page.evaluate(() => navigator.clipboard.readText());

    expect(JSON.parse(json)).toEqual(sent);
    expect(command).toContain(`${origin}/v1/plans`);
    const { stdout } = await run('sh', ['-c', command], { timeout: 20_000 });
    expect((JSON.parse(stdout) as PlanResponse).recommendation).toEqual(plan.recommendation);
  });

  it('should reproduce a plan from its link', async () => {
    const { plan } = await planFromForm();
    const link = await page.getAttribute('#permalink', 'href');

    await open(`/${link}`);
    await page.waitForSelector('#answer[data-state="planned"]');

    expect(await page.inputValue('#inputTokens')).toBe('1024');
    expect(await page.inputValue('#tpotMs')).toBe('50');
    expect(await page.textContent('[data-fact="$ per month"]')).toBe(
      formatUsd(plan.recommendation.monthlyUsd),
    );
  });
  async function submitAndRead() {
    await page.click('#submit');
    await page.waitForSelector('#answer[data-state="planned"]');
    const sent = JSON.parse(new URL(page.url()).searchParams.get('request') ?? 'null');
    return { sent, plan: (await apiPlan(sent)).body };
  }

  const fact = (name: string) => page.textContent(`[data-fact="${name}"]`);
  const cells = (column: string) =>
    page.$$eval(`#alternatives-table td[data-column="${column}"]`, (tds) =>
      tds.map((td) => ({ text: td.textContent, uncertain: td.classList.contains('uncertain') })),
    );

  it('should offer batch, send a batch job from the form, and show the job: fleet, time, cost, and the managed batch price', async () => {
    await open();
    expect(await page.$eval('#kind option[value="batch"]', (o) => (o as HTMLOptionElement).disabled)).toBe(
      false,
    );
    await page.selectOption('#kind', 'batch');
    expect(await page.isVisible('#rate')).toBe(false);
    await page.fill('#inputTokens', '1000');
    await page.fill('#outputTokens', '200');
    await page.fill('#requests', '1000000');
    await page.fill('#deadlineHours', '24');
    const { sent, plan } = await submitAndRead();

    expect(sent).toEqual(batchJob);
    const rec = plan.recommendation;
    expect(rec.jobHours).toBeGreaterThan(0);
    expect(await fact('Job time')).toBe(formatHours(rec.jobHours as number));
    expect(await fact('Job cost')).toBe(formatUsd(rec.jobCostUsd as number));
    expect(await fact('Fleet')).toBe(`${rec.instanceCount} x ${rec.instanceType}`);
    expect(await page.isVisible('[data-fact="$ per month"]')).toBe(false);
    // A job has no cost curve (the answer has none, and none is drawn); its speed chart is job time.
    expect(plan.costCurve).toBeUndefined();
    expect(await page.isVisible('#cost-curve-chart')).toBe(false);
    await expectCostSpeedDrawn(page, plan);
    // The alternatives by job hours and job cost, and the managed batch price for the whole job.
    expect(await cells('Job hours')).toEqual(
      plan.alternatives.map((a) => expect.objectContaining({ text: formatNumber(a.jobHours as number) })),
    );
    expect(await cells('Job cost')).toEqual(
      plan.alternatives.map((a) => expect.objectContaining({ text: formatUsd(a.jobCostUsd as number) })),
    );
    const managed = plan.managed?.[0];
    expect(managed?.why).toContain('batch');
    expect(await page.textContent('#managed h3')).toBe('Managed batch, per token');
    expect(await page.textContent('#managed-table td[data-column="cost"]')).toBe(
      formatUsd(managed?.monthlyUsd as number),
    );
    expect(await page.textContent('#managed-table tbody')).toContain(
      `${formatNumber((managed?.monthlyUsd as number) / (rec.jobCostUsd as number))}x this plan's ${formatUsd(rec.jobCostUsd as number)}`,
    );
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: new URL('batch.png', screenshots).pathname, fullPage: true });
  });

  it('should say how far to trust each estimate, on the card and per alternative, less certain families marked', async () => {
    const { plan } = await planFromForm();
    const u = plan.recommendation.estimate.uncertainty;
    if (!u) throw new Error('the answer has no estimate.uncertainty');

    const said = await page.textContent('[data-field="uncertainty"]');
    expect(said).toContain(`typically within ${formatNumber(u.typicalErrorFactor)}x`);
    expect(said).toContain(u.cases === 0 ? 'no published case' : `${u.cases} published case`);
    expect(said).toContain(u.family);

    const column = await cells('Typical error');
    const expected = plan.alternatives.map((a) => {
      const au = a.estimate.uncertainty;
      if (!au) throw new Error(`${a.label} has no estimate.uncertainty`);
      return {
        text: `${formatNumber(au.typicalErrorFactor)}x (${au.cases === 0 ? 'no cases' : au.cases === 1 ? '1 case' : `${au.cases} cases`})`,
        uncertain: au.cases === 0 || au.typicalErrorFactor >= UNCERTAIN_FACTOR,
      };
    });
    expect(column).toEqual(expected);
    // This plan's Neuron alternative rests on fewer cases than the dense GPU ones: the table shows it.
    const neuron = plan.alternatives.findIndex((a) => a.acceleratorKind === 'neuron');
    const gpu = plan.alternatives.findIndex((a) => a.acceleratorKind === 'gpu');
    expect([column[neuron]?.uncertain, column[gpu]?.uncertain]).toEqual([true, false]);
  });

  it('should mark derived and indicative prices in the table, with a legend saying what the marks mean', async () => {
    const { plan } = await planFromForm();
    expect(plan.alternatives.some((a) => a.priceDerived)).toBe(true);
    expect(plan.alternatives.some((a) => a.priceIndicative)).toBe(true);

    const ways = await cells('Way');
    plan.alternatives.forEach((a, i) => {
      const text = ways[i]?.text ?? '';
      expect([text.includes('~'), text.includes('*')]).toEqual([!!a.priceDerived, !!a.priceIndicative]);
    });
    const reserved = plan.alternatives.findIndex((a) => a.purchaseOption.startsWith('reserved-'));
    expect(ways[reserved]?.text).toMatch(/^\d-year reserved/);
    const legend = await page.textContent('#alternatives-legend');
    expect(legend).toContain('~ derived price');
    expect(legend).toContain('* indicative price');
  });

  it('should plan on a Mac I own from its memory size, with $0 drawn in the cost charts\u2019 zero lane', async () => {
    await open();
    await page.fill('#inputTokens', '1000');
    await page.fill('#outputTokens', '200');
    await page.fill('#rate', '200');
    await page.selectOption('#rateUnit', 'day');
    await page.fill('#activeHours', '8');
    await page.click('#add-owned');
    await page.selectOption('#owned-0-accelerator', 'apple-m4-max');
    const mac = ((await (await app.request('/v1/accelerators')).json()) as AcceleratorListItem[]).find(
      (a) => a.id === 'apple-m4-max',
    );
    // The memory field suggests the sizes that Mac ships with.
    expect(
      await page.$$eval('#owned-0-memoryGiB-sizes option', (os) =>
        os.map((o) => Number((o as HTMLOptionElement).value)),
      ),
    ).toEqual(mac?.memoryOptionsGB);
    expect(await page.textContent('#owned-0-memoryGiB-hint')).toContain(`${mac?.memoryOptionsGB?.at(-1)} GB`);
    await page.fill('#owned-0-memoryGiB', '64');
    await page.fill('#owned-0-label', 'my MacBook Pro');
    const { sent, plan } = await submitAndRead();

    expect(sent).toEqual({ ...personalMac, owned: [{ ...personalMac.owned[0], count: 1 }] });
    const rec = plan.recommendation;
    expect([rec.purchaseOption, rec.monthlyUsd, rec.owned?.accelerator]).toEqual([
      'owned',
      0,
      'apple-m4-max',
    ]);
    expect(await page.textContent('[data-field="hardware"]')).toBe(rec.label);
    expect(await fact('Way')).toBe('your own hardware');
    expect(await fact('Your hardware')).toBe(
      `${mac?.name}, ${formatNumber(rec.owned?.memoryGiB as number)} GiB for the model`,
    );
    // The cloud alternatives run part-time, for the active hours.
    expect((await cells('Way')).map((c) => c.text)).toEqual(
      plan.alternatives.map((a) =>
        a.purchaseOption === 'part-time' ? 'part-time, 8 h a day' : expect.any(String),
      ),
    );
    // $0 is off a log axis: the owned stretch of the curve and the plan's own point are in the lane.
    expect(plan.costCurve?.points.some((p) => p.selfHostedMonthlyUsd === 0)).toBe(true);
    await expectCostCurveDrawn(page, plan);
    await expectCostSpeedDrawn(page, plan);
    const zero = Number(await page.getAttribute('#cost-curve-chart svg', 'data-y-zero'));
    expect(Number(await page.getAttribute('circle.plan-point', 'cy'))).toBeCloseTo(zero, 1);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: new URL('personal-mac.png', screenshots).pathname, fullPage: true });
  });

  it('should place a Mac\u2019s memory-size and count problems at that row\u2019s fields', async () => {
    for (const [field, value, bad] of [
      ['memoryGiB', '7', { memoryGiB: 7 }],
      ['count', '2', { memoryGiB: 64, count: 2 }],
    ] as const) {
      const request = { ...personalMac, owned: [{ ...personalMac.owned[0], ...bad }] };
      const problem = await apiProblem(request);
      expect([problem.status, problem.errors?.[0]?.pointer]).toEqual([422, `/owned/0/${field}`]);

      await open(`/?${new URLSearchParams({ request: JSON.stringify(personalMac) })}`);
      await page.waitForSelector('#answer[data-state="planned"]');
      await page.fill(`#owned-0-${field}`, value);
      await page.click('#submit');
      await page.waitForSelector('#answer[data-state="failed"]', { state: 'attached' });

      expect(
        await page.$eval(`#owned-0-${field}`, (input) => ({
          invalid: input.getAttribute('aria-invalid'),
          text: input.closest('.field')?.querySelector('.field-error')?.textContent,
        })),
      ).toEqual({ invalid: 'true', text: problem.errors?.[0]?.message });
    }
  });

  it.each([
    [
      'a batch deadline no fleet meets',
      // A billion requests in an hour: more than the largest fleet the search sizes does.
      { ...batchJob, workload: { ...batchJob.workload, requests: 1_000_000_000, deadlineHours: 1 } },
      '/workload/deadlineHours',
      '#deadlineHours',
    ],
    [
      'an hourly limit below what the model needs',
      {
        model: 'llama-3.1-70b',
        workload: {
          kind: 'inference',
          inputTokens: 1000,
          outputTokens: 200,
          traffic: { requestsPerSecond: 5 },
        },
        constraints: { maxHourlyUsd: 2 },
      },
      '/constraints/maxHourlyUsd',
      '#maxHourlyUsd',
    ],
  ])('should show a plan nothing satisfies at the field to relax: %s', async (_, request, pointer, field) => {
    const problem = await apiProblem(request);
    expect([
      problem.status,
      problem.type.endsWith('/no-feasible-plan'),
      problem.errors?.[0]?.pointer,
    ]).toEqual([422, true, pointer]);

    await open(`/?${new URLSearchParams({ request: JSON.stringify(request) })}`);
    await page.waitForSelector('#answer[data-state="failed"]', { state: 'attached' });

    expect(
      await page.$eval(field, (input) => ({
        invalid: input.getAttribute('aria-invalid'),
        text: input.closest('.field')?.querySelector('.field-error')?.textContent,
        focused: document.activeElement === input,
      })),
    ).toEqual({ invalid: 'true', text: problem.errors?.[0]?.message, focused: true });
    expect(await page.textContent('#form-status')).toBe(`422 ${problem.title}: see the marked field.`);
  });
});
