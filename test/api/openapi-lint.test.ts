/**
 * The OpenAPI document passes an independent linter: Redocly CLI with its "recommended" rules.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { app } from './fixtures.js';

const run = promisify(execFile);

describe('OpenAPI lint (Redocly recommended)', () => {
  it('should report no errors', async () => {
    const doc = await (await app.request('https://planner.example.org/openapi.json')).text();
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, doc);

    const result = await run(
      'npx',
      ['redocly', 'lint', '--extends', 'recommended', '--format', 'json', file],
      {
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
      },
    ).catch((e: { stdout: string; stderr: string; code: number }) => e);

    const report = JSON.parse(result.stdout) as {
      totals: { errors: number; warnings: number };
      problems: unknown[];
    };
    expect(report.totals.errors, JSON.stringify(report.problems, null, 2)).toBe(0);
  }, 60_000);
});
