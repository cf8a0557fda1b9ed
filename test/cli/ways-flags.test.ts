/**
 * The CLI's flags for the ways to run and batch work, in-process: each sets its request field and
 * the plan answers as the API would.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.js';
import type { PlanResponse } from '../../lib/contract/plan.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => {
      stdout += `${t}\n`;
    },
    stderr: (t) => {
      stderr += `${t}\n`;
    },
    readStdin: () => '',
  });
  return { code, stdout, stderr };
}

const chat = [
  '--model',
  'llama-3.1-8b',
  '--precision',
  'auto',
  '--input-tokens',
  '400',
  '--output-tokens',
  '250',
];

describe('CLI: plan flags for the ways to run', () => {
  it('--owned recommends the machine you have', async () => {
    const r = await run(['plan', ...chat, '--owned', 'rtx-4090', '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as PlanResponse;
    expect(p.recommendation.purchaseOption).toBe('owned');
    expect(p.recommendation.owned?.accelerator).toBe('rtx-4090');
  });

  it("--owned takes a count and a Mac's memory, and can repeat", async () => {
    const r = await run([
      'plan',
      ...chat,
      '--owned',
      '2xrtx-3060-12gb',
      '--owned',
      'apple-m3-max:64',
      '--ways',
      'owned',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as PlanResponse;
    expect(p.recommendation.purchaseOption).toBe('owned');
  });

  it('--active-hours prices an instance part-time, and the table marks derived prices', async () => {
    const r = await run(['plan', ...chat, '--requests-per-day', '40', '--active-hours', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/part-time/);
    expect(r.stdout).toMatch(/Usage: 40 requests\/day over 2 h/);
    expect(r.stdout).toMatch(/Managed per token:/);
  });

  it('--kind batch with --requests and --deadline-hours plans a job', async () => {
    const r = await run([
      'plan',
      '--model',
      'llama-3.1-8b',
      '--kind',
      'batch',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '200',
      '--requests',
      '1e6',
      '--deadline-hours',
      '24',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as PlanResponse;
    expect(p.recommendation.jobHours).toBeLessThanOrEqual(24);
  });

  it.each([
    [['--owned', 'rtx-4090:lots'], /--owned: "rtx-4090:lots" is not \[<count>x\]<accelerator>/],
    [['--owned', 'rtx4090'], /did you mean "rtx-4090"/],
    [['--active-hours', '30'], /--active-hours/],
    [['--requests', '10'], /--requests is for batch workloads/],
  ])('%o is refused, naming the flag', async (extra, message) => {
    const r = await run(['plan', ...chat, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("names each bad --owned by its value, in the CLI's words, and every one of them", async () => {
    const r = await run(['plan', ...chat, '--owned', 'rtx4900', '--owned', 'rtx-4090', '--owned', 'm4-max']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--owned rtx4900: unknown accelerator "rtx4900": see planner accelerators/);
    expect(r.stderr).toMatch(/--owned m4-max: unknown accelerator "m4-max".*did you mean "apple-m4-max"/);
    expect(r.stderr).not.toMatch(/GET \/v1|0\/accelerator|2\/accelerator/);
  });

  it('--ways managed alone is refused: a plan recommends hardware', async () => {
    const r = await run(['plan', ...chat, '--ways', 'managed']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ways .*must include "instance" or "owned"/);
  });

  it('estimate does not offer batch (a batch job is planned, not estimated)', async () => {
    const help = await run(['estimate', '--help']);
    expect(help.stdout).toMatch(
      /--kind <kind> +inference .*training or fine-tuning \(batch jobs: planner plan\)/,
    );
    const r = await run([
      'estimate',
      '--kind',
      'batch',
      '--model',
      'llama-3.1-8b',
      '--instance',
      'g5.xlarge',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--kind batch: unknown workload kind "batch" \(one of inference, training, fine-tuning\)/,
    );
  });
});
