/**
 * The `planner` binary as a user runs it: a child process through bin/planner.mjs.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';

const bin = fileURLToPath(new URL('../../bin/planner.mjs', import.meta.url));

function planner(args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, PRICING_SOURCE: 'embedded' },
    timeout: 30_000,
  });
}

const estimateFlags = [
  '--model',
  'llama-3.1-8b',
  '--instance',
  'g5.xlarge',
  '--input-tokens',
  '512',
  '--output-tokens',
  '256',
];

describe('CLI: planner', () => {
  it('should print the presets as JSON with models --json', () => {
    const run = planner(['models', '--json']);

    expect(run.status).toBe(0);
    const models = JSON.parse(run.stdout) as { id: string }[];
    expect(models.map((m) => m.id)).toContain('llama-3.1-8b');
  });

  it('should print an estimate as a table', () => {
    const run = planner(['estimate', ...estimateFlags]);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Model\s+Llama 3\.1 8B/m);
    expect(run.stdout).toMatch(/^Fits\s+yes/m);
    expect(run.stdout).toMatch(/^Time per output token\s+\d+(\.\d+)? ms/m);
  });

  it('should plan a fine-tuning job as JSON', () => {
    const run = planner([
      'plan',
      '--model',
      'llama-3.2-1b',
      '--kind',
      'fine-tuning',
      '--method',
      'lora',
      '--tokens',
      '1e7',
      '--deadline-hours',
      '24',
      '--json',
    ]);

    expect(run.status).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.recommendation.jobCostUsd).toBeGreaterThan(0);
    expect(plan.pricing.currency).toBe('USD');
  });

  it('should read a full request body from stdin with --body -', () => {
    const body = {
      model: 'llama-3.1-8b',
      hardware: { accelerator: 'h100', count: 1 },
      workload: { kind: 'inference', inputTokens: 128, outputTokens: 128 },
    };

    const run = planner(['estimate', '--body', '-', '--json'], JSON.stringify(body));

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).fits).toBe(true);
  });

  it.each([
    {
      case: 'an unknown flag',
      args: ['estimate', '--modle', 'x'],
      message: 'unknown flag --modle; did you mean --model?',
    },
    {
      case: 'a value that is not a number',
      args: ['estimate', ...estimateFlags, '--input-tokens', 'lots'],
      message: '--input-tokens: "lots" is not a number',
    },
    {
      case: 'an unknown model',
      args: ['estimate', ...estimateFlags, '--model', 'nope'],
      message: '--model nope: unknown model "nope" (planner models lists them)',
    },
    { case: 'an unknown command', args: ['deploy'], message: 'unknown command "deploy"' },
  ])('should exit 2 with a clear message for $case', ({ args, message }) => {
    const run = planner(args);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it.each(['estimate', 'plan', 'models', 'accelerators', 'instances', 'regions'])(
    'should explain its flags with %s --help',
    (command) => {
      const run = planner([command, '--help']);

      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Usage: planner ${command}`);
      expect(run.stdout).toContain('--json');
    },
  );

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

    it('should call the HTTP API through the typed client', async () => {
      // spawnSync would block the event loop that serves the request: run the child asynchronously.
      const child = spawn(process.execPath, [
        bin,
        'instances',
        '--url',
        url,
        '--accelerator-kind',
        'neuron',
        '--json',
      ]);
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      const status = await new Promise((resolve) => child.on('close', resolve));

      expect(status).toBe(0);
      const answer = JSON.parse(stdout) as { instances: { acceleratorKind: string }[] };
      expect(answer.instances.length).toBeGreaterThan(0);
      expect(answer.instances.every((i) => i.acceleratorKind === 'neuron')).toBe(true);
    });
  });
});
