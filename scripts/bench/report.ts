/**
 * The bench's tables: plain text for the terminal, markdown for BENCHMARKS.md, and the targets of
 * issue 6 checked against the figures.
 */
import type { BundleResult } from './bundle.js';
import type { InProcessResult } from './in-process.js';
import type { LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';

export interface BenchResults {
  machine: MachineInfo;
  command: string;
  inProcess?: InProcessResult[];
  load?: LoadResult[];
  bundle?: BundleResult;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

type Table = { header: string[]; rows: string[][] };

const ms = (x: number) =>
  x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function inProcessTable(results: readonly InProcessResult[]): Table {
  return {
    header: ['in-process', 'runs', 'median ms', 'p90 ms', 'p99 ms', 'estimates prepared'],
    rows: results.map((r) => [
      r.name,
      String(r.runs),
      ms(r.medianMs),
      ms(r.p90Ms),
      ms(r.p99Ms),
      r.estimatesPerPlan === undefined
        ? '1'
        : Number.isNaN(r.estimatesPerPlan)
          ? 'no plan'
          : String(r.estimatesPerPlan),
    ]),
  };
}

function loadTable(results: readonly LoadResult[]): Table {
  return {
    header: [
      'local server (loopback)',
      'connections',
      'seconds',
      'answered',
      'per second',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'failures',
    ],
    rows: results.map((r) => [
      r.name,
      String(r.connections),
      r.durationSeconds.toFixed(1),
      String(r.requests),
      r.requestsPerSecond.toFixed(0),
      String(r.p50Ms),
      String(r.p90Ms),
      String(r.p99Ms),
      String(r.failures),
    ]),
  };
}

function bundleTable(result: BundleResult): Table | undefined {
  if ('skipped' in result) return undefined;
  return {
    header: [
      'Lambda bundle (fresh node process)',
      'gzip',
      'runs',
      'import + first answer, median ms',
      'process start to answer, median ms',
    ],
    rows: result.rows.map((r) => [
      r.name,
      kib(r.gzipBytes),
      String(r.runs),
      ms(r.importAndFirstEventMs),
      ms(r.processMs),
    ]),
  };
}

export function targetChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const plans = results.inProcess?.filter((r) => r.estimatesPerPlan !== undefined && !r.worstCase) ?? [];
  if (plans.length > 0) {
    const worst = plans.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    checks.push({
      target: 'full-catalog plan, in-process: median < 5 ms (every workload kind)',
      measured: `slowest median ${ms(worst.medianMs)} ms (${worst.name})`,
      met: worst.medianMs < 5,
    });
  }
  const worstCases = results.inProcess?.filter((r) => r.worstCase) ?? [];
  if (worstCases.length > 0) {
    const worst = worstCases.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    checks.push({
      target: 'worst valid request known, in-process: median < 10 ms',
      measured: `${ms(worst.medianMs)} ms (${worst.name})`,
      met: worst.medianMs < 10,
    });
  }
  const plansUnderLoad = results.load?.find((r) => r.name.startsWith('POST /v1/plans'));
  if (plansUnderLoad) {
    checks.push({
      target: `local server: > 1000 plans/s with p99 < 100 ms at ${plansUnderLoad.connections} connections`,
      measured: `${plansUnderLoad.requestsPerSecond.toFixed(0)} plans/s, p99 ${plansUnderLoad.p99Ms} ms, ${plansUnderLoad.failures} failures`,
      met:
        plansUnderLoad.requestsPerSecond > 1000 &&
        plansUnderLoad.p99Ms < 100 &&
        plansUnderLoad.failures === 0,
    });
  }
  if (results.bundle) {
    const b = results.bundle;
    checks.push({
      target: 'cold first plan within 2.5x of a bare Hono handler built the same way',
      measured:
        'skipped' in b
          ? b.skipped
          : `${b.coldStartRatio.toFixed(2)}x import + first answer (${b.processRatio.toFixed(2)}x from process start)`,
      met: 'skipped' in b ? undefined : b.coldStartRatio <= 2.5,
    });
  }
  return checks;
}

function tables(results: BenchResults): Table[] {
  const out: Table[] = [];
  if (results.inProcess) out.push(inProcessTable(results.inProcess));
  if (results.load) out.push(loadTable(results.load));
  const bundle = results.bundle && bundleTable(results.bundle);
  if (bundle) out.push(bundle);
  out.push({
    header: ['target', 'measured', 'result'],
    rows: targetChecks(results).map((c) => [
      c.target,
      c.measured,
      c.met === undefined ? 'not measured' : c.met ? 'met' : 'MISSED',
    ]),
  });
  return out;
}

function machineLine(m: MachineInfo): string {
  return `${m.date}, ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, load average ${m.loadAverage} at start, revision ${m.revision}`;
}

export function textReport(results: BenchResults): string {
  const lines = [`Machine: ${machineLine(results.machine)}`, ''];
  for (const { header, rows } of tables(results)) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
    lines.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '');
  }
  if (results.bundle && 'skipped' in results.bundle)
    lines.push(`Lambda bundle: ${results.bundle.skipped}`, '');
  return lines.join('\n');
}

export function markdownReport(results: BenchResults): string {
  const m = results.machine;
  const lines = [
    `Measured ${m.date} with \`${results.command}\` on: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB memory, Node ${m.node} (${m.platform}); 1-minute load average ${m.loadAverage} at the start; revision ${m.revision}.`,
    '',
  ];
  for (const { header, rows } of tables(results)) {
    const numeric = header.map(
      (_, i) => i > 0 && rows.every((r) => /^[\d.,]+( KiB|x)?$|^$/.test(r[i] ?? '')),
    );
    lines.push(
      `| ${header.join(' | ')} |`,
      `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
    );
  }
  if (results.bundle && 'skipped' in results.bundle)
    lines.push(`Lambda bundle: ${results.bundle.skipped}.`, '');
  return lines.join('\n');
}
