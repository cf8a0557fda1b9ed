/// <reference lib="dom" />
/**
 * The plan explorer in headless Chromium, offline: fill the form, plan, and check what the page drew
 * against the API's own JSON for the same request (the card, the table rows, the SVG geometry).
 * Charts whose data the API does not send yet are skipped with the reason, found by asking the
 * real API, so they start asserting as soon as the field is in its answer.
 *
 * A screenshot of the plan is saved to test-results/explorer/ (gitignored) for people to look at.
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
import { PlanRequestSchema } from '../../lib/contract/plan.js';
import { formatUsd } from '../../web/src/format.js';
import { pointsOfPath, type ScaleKind, scale } from '../../web/src/scale.js';
import type { PlanResponse } from '../../web/src/types.js';
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

// The real answer decides which chart tests can assert today.
const reference = (await apiPlan(customerFacing)).body;
const waitingFor = (field: string) =>
  `waiting for POST /v1/plans to answer \`${field}\` (DESIGN §8, the lead's planned contract addition)`;

/** A scale written by the page as "kind:d0,d1:r0,r1". */
function scaleOf(description: string | null) {
  const [kind, domain, range] = (description ?? '').split(':');
  const pair = (s = '') => s.split(',').map(Number) as [number, number];
  return scale(kind as ScaleKind, pair(domain), pair(range));
}

/** The planned fields (DESIGN §8) built from a real answer: what the charts will be given. */
function withPlannedFields(plan: PlanResponse): PlanResponse {
  const rec = plan.recommendation;
  const choices = [rec, ...plan.alternatives];
  const requestsPerDay = 5 * 86_400;
  const perRequestUsd = (0.22 * (1024 + 256) * 30.4) / 1e6;
  const points = Array.from({ length: 15 }, (_, i) => 10 ** (i / 2)).map((rpd) => ({
    requestsPerDay: rpd,
    selfHostedMonthlyUsd: Math.max(rec.monthlyUsd, (rec.monthlyUsd * rpd) / requestsPerDay),
    selfHosted: `${rec.instanceCount}x ${rec.instanceType} on-demand`,
    managedMonthlyUsd: rpd * perRequestUsd,
  }));
  return {
    ...plan,
    usage: {
      requestsPerDay,
      inputTokensPerDay: requestsPerDay * 1024,
      outputTokensPerDay: requestsPerDay * 256,
      peakRequestsPerSecond: 5,
      peakFactor: 1,
      basis: 'requests-per-second',
      sequencesInFlight: 60,
      activeHoursPerDay: 24,
    },
    costCurve: { points, breakEvenRequestsPerDay: rec.monthlyUsd / perRequestUsd },
    options: choices.map((c, i) => ({
      label: `${c.instanceCount}x ${c.instanceType}`,
      instanceType: c.instanceType,
      instanceCount: c.instanceCount,
      acceleratorKind: c.acceleratorKind,
      precision: c.precision,
      purchaseOption: c.purchaseOption,
      hourlyUsd: c.hourlyUsd,
      monthlyUsd: c.monthlyUsd,
      decodeTokensPerSecond: c.estimate.inference?.decodeTokensPerSecond,
      recommended: i === 0,
    })),
    managed: [
      {
        provider: 'amazon-bedrock',
        modelId: 'meta.llama3-1-8b-instruct-v1:0',
        inputPerMillionUsd: 0.22,
        outputPerMillionUsd: 0.22,
        monthlyUsd: requestsPerDay * perRequestUsd,
        asOf: '2026-07-20',
        why: 'the same model, per token',
      },
    ],
  };
}

/** The cost curve's paths and markers sit where the answer's numbers map to. */
async function expectCostCurveDrawn(page: Page, plan: PlanResponse) {
  const curve = plan.costCurve;
  if (!curve) throw new Error('the answer has no costCurve');
  const x = scaleOf(await page.getAttribute('#cost-curve-chart svg', 'data-x-scale'));
  const y = scaleOf(await page.getAttribute('#cost-curve-chart svg', 'data-y-scale'));
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

/** One circle per option at (speed, cost), exactly one of them the highlighted recommendation. */
async function expectCostSpeedDrawn(page: Page, plan: PlanResponse) {
  const options = (plan.options ?? []).filter((o) => (o.decodeTokensPerSecond ?? 0) > 0 && o.monthlyUsd > 0);
  const x = scaleOf(await page.getAttribute('#cost-speed-chart svg', 'data-x-scale'));
  const y = scaleOf(await page.getAttribute('#cost-speed-chart svg', 'data-y-scale'));
  const drawn = await page.$$eval('#cost-speed-chart circle', (cs) =>
    cs.map((c) => ({
      label: c.getAttribute('data-label'),
      cx: Number(c.getAttribute('cx')),
      cy: Number(c.getAttribute('cy')),
      recommended: c.classList.contains('recommended'),
    })),
  );
  expect(drawn.length).toBe(options.length);
  for (const o of options) {
    const point = drawn.find((d) => d.label === o.label && d.recommended === o.recommended);
    expect(point?.cx).toBeCloseTo(x(o.decodeTokensPerSecond as number), 1);
    expect(point?.cy).toBeCloseTo(y(o.monthlyUsd), 1);
  }
  expect(drawn.filter((d) => d.recommended).length).toBe(1);
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

  it('should draw monthly cost against usage, with the break-even and the usage marked', async (ctx) => {
    ctx.skip(!reference.costCurve, waitingFor('costCurve'));
    const { plan } = await planFromForm();
    await expectCostCurveDrawn(page, plan);
  });

  it('should draw cost against speed for the options the search kept, the recommendation highlighted', async (ctx) => {
    ctx.skip(!reference.options, waitingFor('options'));
    const { plan } = await planFromForm();
    await expectCostSpeedDrawn(page, plan);
  });

  it('should draw the planned fields of an answer that has them (DESIGN \u00a78 shapes, canned)', async () => {
    // The real answer, with usage, costCurve, options and managed derived from it as the lead's
    // planner will send them, so the drawing is checked before those fields exist.
    await page.route('**/v1/plans', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: withPlannedFields((await response.json()) as PlanResponse) });
    });
    try {
      await open();
      await page.fill('#rate', '5');
      await page.click('#submit');
      await page.waitForSelector('#answer[data-state="planned"]');
      const sent = JSON.parse(new URL(page.url()).searchParams.get('request') ?? 'null');
      const plan = withPlannedFields((await apiPlan(sent)).body);

      await expectCostCurveDrawn(page, plan);
      await expectCostSpeedDrawn(page, plan);
      expect(await page.$$eval('#managed tbody tr', (trs) => trs.length)).toBe(1);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({
        path: new URL('plan-with-planned-fields.png', screenshots).pathname,
        fullPage: true,
      });
    } finally {
      await page.unroute('**/v1/plans');
    }
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

  it('should plan on hardware I own, and place an owned row\u2019s error next to that row\u2019s field', async (ctx) => {
    ctx.skip(!('owned' in PlanRequestSchema.shape), waitingFor('owned (request)'));
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
});
