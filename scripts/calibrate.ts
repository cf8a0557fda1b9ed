/**
 * `npm run calibrate [-- --markdown FILE]`: every calibration case (all test/calibration/cases*.json),
 * measured vs predicted, with the error factor, then the error per calibration family and a summary
 * line. With `--markdown` (what `npm run calibrate:report` runs) the same run also writes the report
 * and the ledger the estimates' `uncertainty` is read from (lib/perf/calibration-ledger.ts), so the
 * two never disagree.
 */
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findInstanceSpec } from '../lib/catalog/index.js';
import {
  buildLedger,
  type CalibrationResult,
  evaluateCase,
  geometricMeanError,
} from '../lib/contract/calibration.js';
import { cpuGenerations } from '../lib/hardware/cpus.js';
import { cpuTraining, cpuTrainingUtilization } from '../lib/perf/training-efficiency.js';
import type { CalibrationLedger } from '../lib/perf/uncertainty.js';
import { loadCalibrationCases } from './calibration-cases.js';

const { values } = parseArgs({ options: { markdown: { type: 'string' } } });
const { cases, files } = loadCalibrationCases();
const results = cases.map((c) => evaluateCase(c, { findInstanceSpec }));
const ledger = buildLedger(results);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fileList = files.map((f) => relative(repoRoot, f)).join(', ');

const fmt = (v: number | string) =>
  typeof v === 'number' ? (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4)) : v;
const rows = results.map((r) => [
  r.id,
  r.family,
  `${fmt(r.measured)}${r.unit ? ` ${r.unit}` : ''}`,
  fmt(r.predicted),
  typeof r.predicted === 'string' && r.predicted.startsWith('refused')
    ? 'refused'
    : r.errorFactor === undefined
      ? 'exact'
      : `${r.errorFactor.toFixed(2)}x (≤ ${(1 + (r.tolerance ?? 0)).toFixed(2)})`,
  r.pass ? 'pass' : 'FAIL',
  r.description,
]);
const header = ['case', 'family', 'measured', 'predicted', 'error', 'result', 'description'];
const familyHeader = ['family', 'cases', 'geometric-mean error', 'worst', 'typical error reported'];
const familyRows = ledger.families.map((f) => [
  f.family,
  String(f.cases),
  `${f.geometricMeanError.toFixed(2)}x`,
  `${f.worstErrorFactor.toFixed(2)}x${f.worstCase ? ` (${f.worstCase})` : ''}`,
  `${f.typicalErrorFactor.toFixed(2)}x`,
]);

function summary(all: readonly CalibrationResult[]): string {
  const passed = all.filter((r) => r.pass).length;
  const worst = all.reduce<CalibrationResult | undefined>(
    (w, r) => ((r.errorFactor ?? 0) > (w?.errorFactor ?? 0) ? r : w),
    undefined,
  );
  return (
    `${passed} passed, ${all.length - passed} failed of ${all.length} cases; ` +
    `geometric-mean error ${geometricMeanError(all).toFixed(3)}x; ` +
    `worst ${worst?.id} at ${worst?.errorFactor?.toFixed(2)}x`
  );
}

function table(head: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

console.log(`Calibration cases: ${fileList}\n`);
for (const l of table(header, rows)) console.log(l);
console.log('\nBy calibration family:\n');
for (const l of table(familyHeader, familyRows)) console.log(l);
console.log(`\n${summary(results)}`);

/**
 * How the CPU training model (lib/perf/training-efficiency.ts, `cpuTraining`) comes out on each CPU
 * generation: the share of its 16-bit peak a training step sustains on one socket, and what that is
 * in FLOPs per cycle per core.
 */
function cpuTrainingSection(): string[] {
  const rows = cpuGenerations.map((cpu) => {
    const share = cpuTrainingUtilization(cpu, cpu.vcpusPerSocket, 'bf16');
    const speedup = Math.max(1, cpu.opsPerCyclePerCore.bf16 / cpu.opsPerCyclePerCore.fp32);
    return [
      cpu.name,
      `${cpu.opsPerCyclePerCore.bf16} (${speedup}x FP32)`,
      `${(share * 100).toFixed(1)}%`,
      (share * cpu.opsPerCyclePerCore.bf16).toFixed(1),
    ];
  });
  const head = ['CPU', '16-bit ops/cycle/core', 'sustained share of it', 'training FLOPs/cycle/core'];
  return [
    '## Training on CPUs',
    '',
    `GEMMs run on the 16-bit path at ${cpuTraining.gemmEfficiency * 100}% of its peak; the rest of a step costs`,
    `${cpuTraining.vectorSecondsPerGemmFlop} FP32-FMA FLOP-times per GEMM FLOP on the vector units, so a faster matrix unit`,
    'buys less than its peak suggests. One socket; a second socket of one process counts at half.',
    `The two constants are ${cpuTraining.source}.`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

/** The ledger as a TypeScript module (the bundle embeds it; no JSON import needed at runtime). */
function ledgerModule(l: CalibrationLedger): string {
  const family = (f: CalibrationLedger['families'][number]) =>
    [
      '    {',
      `      family: '${f.family}',`,
      `      cases: ${f.cases},`,
      `      geometricMeanError: ${f.geometricMeanError},`,
      `      worstErrorFactor: ${f.worstErrorFactor},`,
      ...(f.worstCase ? [`      worstCase: '${f.worstCase}',`] : []),
      `      typicalErrorFactor: ${f.typicalErrorFactor},`,
      '    },',
    ].join('\n');
  return [
    '/**',
    ' * Generated by `npm run calibrate:report` from the calibration cases in test/calibration: do not',
    ' * edit by hand. Per calibration family, the cases, their geometric-mean and worst error, and the',
    ' * typical error factor estimates in that family report under `uncertainty`.',
    ' */',
    "import type { CalibrationLedger } from './uncertainty.js';",
    '',
    'export const calibrationLedger: CalibrationLedger = {',
    `  generatedBy: '${l.generatedBy}',`,
    `  priorErrorFactor: ${l.priorErrorFactor},`,
    '  priorSource:',
    `    '${l.priorSource}',`,
    '  families: [',
    ...l.families.map(family),
    '  ],',
    '};',
    '',
  ].join('\n');
}

if (values.markdown) {
  const md = [
    '# Calibration report',
    '',
    'Generated by `npm run calibrate:report` (the same run writes `lib/perf/calibration-ledger.ts`, which',
    "every estimate's `uncertainty` block is read from). Each case is a published measurement (a real",
    'engine on real hardware) written as a `POST /v1/estimates` request; the error factor is',
    `max(predicted/measured, measured/predicted). Cases and their sources: ${fileList}.`,
    '',
    `**${summary(results)}**`,
    '',
    '## How far to trust each kind of estimate',
    '',
    'A family is what an estimate is filed under by `familyOf` (lib/perf/uncertainty.ts): memory answers;',
    'inference on GPUs (dense or mixture-of-experts), Neuron or CPUs, by phase (decode, prefill,',
    'throughput under load); training on GPUs (dense or MoE), Trainium or CPUs; fine-tuning on GPUs or CPUs. The typical',
    'error an estimate reports is the geometric-mean error shrunk toward the uncalibrated prior',
    `(${ledger.priorErrorFactor}x) by one pseudo-case; a family without cases reports the prior with \`cases: 0\`.`,
    '',
    `| ${familyHeader.join(' | ')} |`,
    `|${familyHeader.map(() => '---').join('|')}|`,
    ...familyRows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...cpuTrainingSection(),
    '## Cases',
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  writeFileSync(values.markdown, md);
  const ledgerPath = resolve(repoRoot, 'lib/perf/calibration-ledger.ts');
  writeFileSync(ledgerPath, ledgerModule(ledger));
  console.log(`wrote ${values.markdown} and ${relative(repoRoot, ledgerPath)}`);
}
if (results.some((r) => !r.pass)) process.exitCode = 1;
