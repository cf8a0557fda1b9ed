/**
 * The CLI's flags in-process (main() with captured output): what a person who mistypes gets back,
 * and the flag table's own consistency (every row reaches a field the contract accepts).
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.js';
import {
  type CommandName,
  type FlagRow,
  flagRows,
  requestFromFlags,
  rowsOf,
  valueAt,
} from '../../functions/cli/requests.js';
import { closest } from '../../functions/cli/suggest.js';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/embedded.js';
import { PlanRequestSchema } from '../../lib/contract/plan.js';
import { EstimateRequestSchema } from '../../lib/contract/schemas.js';

async function planner(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: () => '',
  });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

const small = ['--model', 'llama-3.2-1b', '--input-tokens', '64', '--output-tokens', '64'];
const configFile = fileURLToPath(new URL('../model/huggingface/llama-3.2-1b.config.json', import.meta.url));

describe('CLI flags', () => {
  it('should name every required flag left out', async () => {
    const run = await planner('plan');

    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'planner plan: invalid request',
      '  missing --model <id|json> (planner models lists the presets) or --model-config <config.json>',
      '  missing --input-tokens <n> (prompt tokens per request, e.g. 512)',
      '  missing --output-tokens <n> (generated tokens per request, e.g. 256)',
      'Run planner plan --help for the flags.',
    ]);
  });

  it('should ask for the fine-tuning method and the hardware of an estimate', async () => {
    const tuning = await planner(
      'plan',
      '--model',
      'llama-3.2-1b',
      '--kind',
      'fine-tuning',
      '--tokens',
      '1e7',
    );
    const estimate = await planner('estimate', ...small);

    expect(tuning.stderr).toContain('missing --method <method> (full, lora or qlora)');
    expect(estimate.stderr).toContain(
      'missing --instance <type> (planner instances lists them) or --accelerator <id>',
    );
  });

  it('should take a negative number as the value and say what is wrong with it', async () => {
    const run = await planner('estimate', ...small, '--instance', 'g5.xlarge', '--count', '-1');

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('  --count -1: Too small: expected number to be >=1');
    expect(run.stderr).not.toContain('ambiguous');
  });

  it('should name a number it cannot read', async () => {
    const run = await planner('plan', ...small, '--rps', '5req', '--ttft-ms', '1e3');

    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'planner plan: invalid flags',
      '  --rps: "5req" is not a number',
      'Run planner plan --help for the flags.',
    ]);
  });

  it('should read 1e9, 0.5 and 1_000 as numbers', () => {
    const request = requestFromFlags('plan', {
      model: 'x',
      kind: 'training',
      tokens: '1e9',
      'deadline-hours': '0.5',
      'sequence-length': '1_000',
    });

    expect(request.workload).toEqual({
      kind: 'training',
      tokens: 1e9,
      deadlineHours: 0.5,
      sequenceLength: 1000,
    });
  });

  it.each([
    {
      case: 'a model id',
      args: ['plan', ...small, '--model', 'llama3-8b'],
      line: '  --model llama3-8b: unknown model "llama3-8b"; did you mean "llama-3.1-8b"? (planner models lists them)',
    },
    {
      case: 'an instance type',
      args: ['estimate', ...small, '--instance', 'g5.xlarg'],
      line: '  --instance g5.xlarg: unknown instance type "g5.xlarg"; did you mean "g5.xlarge"? (planner instances lists them)',
    },
    {
      case: 'an allowed instance type',
      args: ['plan', ...small, '--region', 'eu-west-1', '--instance-types', 'g5.xlarge,g6.xlarg'],
      line: '  --instance-types g6.xlarg: unknown instance type "g6.xlarg"; did you mean "g6.xlarge"? (planner instances --region eu-west-1 lists them)',
    },
    {
      case: 'a region',
      args: ['plan', ...small, '--region', 'us-eats-1'],
      line: '  --region us-eats-1: unknown region "us-eats-1"; did you mean "us-east-1"? (planner regions lists them)',
    },
    {
      case: 'an accelerator',
      args: ['estimate', ...small, '--accelerator', 'h10'],
      line: '  --accelerator h10: unknown accelerator "h10"; did you mean "h100"? (planner accelerators lists them)',
    },
    {
      case: 'an engine',
      args: ['plan', ...small, '--engine', 'vlm'],
      line: '  --engine vlm: unknown engine "vlm"; did you mean "vllm"? (one of vllm, tensorrt-llm, tgi, llama.cpp, transformers, neuron)',
    },
  ])('should suggest the closest known value for $case', async ({ args, line }) => {
    const run = await planner(...args);

    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toContain(line);
  });

  it('should suggest flags and commands, and say which command a flag belongs to', async () => {
    expect((await planner('plan', '--modle', 'x')).stderr).toContain(
      'unknown flag --modle; did you mean --model?',
    );
    expect((await planner('plan', '--count', '2')).stderr).toContain(
      '--count is a flag of planner estimate, not of planner plan',
    );
    expect((await planner('plna')).stderr).toContain('unknown command "plna"; did you mean "plan"?');
  });

  it('should take a config.json with --model-config, and refuse it beside --model', async () => {
    const both = await planner('plan', ...small, '--model-config', configFile);
    const config = await planner(
      'plan',
      '--model-config',
      configFile,
      '--input-tokens',
      '64',
      '--output-tokens',
      '64',
    );

    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give --model or --model-config, not both');
    expect(config.status).toBe(0);
  });

  it('should refuse a flag of another workload kind instead of dropping it', async () => {
    const run = await planner(
      'plan',
      '--model',
      'llama-3.2-1b',
      '--kind',
      'training',
      '--tokens',
      '1e9',
      '--rps',
      '5',
    );

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--rps is for inference workloads, and this one is training (--kind)');
  });

  it('should name JSON Pointers, not flags, for a --body request', async () => {
    const out: string[] = [];
    const status = await main(['plan', '--body', '-'], {
      stdout: () => {},
      stderr: (text) => out.push(text),
      readStdin: () =>
        JSON.stringify({ model: 'llama3-8b', workload: { kind: 'inference', inputTokens: 8 } }),
    });

    expect(status).toBe(2);
    expect(out.join('\n')).toContain('  missing /workload/outputTokens: ');
    expect(out.join('\n')).not.toContain('--output-tokens');
  });

  it('should list the catalog regions', async () => {
    const run = await planner('regions', '--json');

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toContain('eu-west-1');
  });

  describe('with --url', () => {
    let server: ReturnType<typeof serve>;
    let url: string;

    beforeAll(async () => {
      const app = createApp({ catalog: embeddedCatalog, logError: () => {} });
      await new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("should suggest from the API's own lists", async () => {
      const run = await planner('plan', ...small, '--model', 'mixtral-8x7', '--url', url);

      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        '--model mixtral-8x7: unknown model "mixtral-8x7"; did you mean "mixtral-8x7b"? (planner models lists them)',
      );
    });
  });
});

describe('The flag table', () => {
  const requestCommands = ['estimate', 'plan'] as const satisfies readonly CommandName[];
  const schemas = { estimate: EstimateRequestSchema, plan: PlanRequestSchema };

  /** Values for the rows that read their text with a function of their own: add one with a new such row. */
  const functionSamples: Record<string, string> = {
    model: 'llama-3.2-1b',
    'model-config': configFile,
    concurrency: 'max',
    owned: 'rtx-4090',
  };

  /** A value the row reads without error, for its first workload kind. */
  function sample(row: FlagRow): string | boolean {
    if (row.value === 'true' || typeof row.value === 'object') return true;
    if (row.value === 'number') return '1';
    if (row.value === 'list')
      return row.choices?.kind === 'static' ? (row.choices.values[0] ?? 'x') : 'g5.xlarge';
    if (typeof row.value === 'function') {
      const value = functionSamples[row.name];
      if (value === undefined) throw new Error(`add a sample value for --${row.name} to functionSamples`);
      return value;
    }
    if (row.choices?.kind === 'static') return row.choices.values[0] ?? 'x';
    return '1';
  }

  it.each(
    requestCommands.flatMap((command) =>
      rowsOf(command).flatMap((row) => (row.pointer ? [[command, row.name, row] as const] : [])),
    ),
  )('%s --%s should set a field the contract knows', (command, _name, row) => {
    const kind = row.kinds?.[0] ?? 'inference';
    const flags = { kind, [row.name]: sample(row), ...(kind === 'fine-tuning' && { method: 'lora' }) };

    const request = requestFromFlags(command, flags);
    const result = schemas[command].safeParse(request);

    expect(valueAt(request, row.pointer ?? '')).toBeDefined();
    const unknownKeys = (result.error?.issues ?? []).filter((i) => i.code === 'unrecognized_keys');
    expect(unknownKeys, JSON.stringify(request)).toEqual([]);
  });

  it('should give each flag one row per command', () => {
    for (const command of ['estimate', 'plan', 'instances'] as const) {
      const names = rowsOf(command).map((row) => row.name);
      expect(new Set(names).size, command).toBe(names.length);
    }
    expect(flagRows.every((row) => row.help.length > 0)).toBe(true);
  });
});

describe('Function: closest', () => {
  it('should rank the nearest known values and ignore far ones', () => {
    expect(closest('Llama-3.1-8B', ['llama-3.1-8b', 'llama-3.1-70b'])).toEqual(['llama-3.1-8b']);
    expect(closest('p5.48xl', ['p5.48xlarge', 'p4d.24xlarge'])).toEqual(['p5.48xlarge']);
    expect(closest('zzz', ['llama-3.1-8b', 'g5.xlarge'])).toEqual([]);
  });
});
