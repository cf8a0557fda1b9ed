/**
 * Stack traces of a bundle built with the functions' esbuild options (an external, unlinked source
 * map) name the original files, lines and functions, as `--enable-source-maps` would with a linked
 * map, while the map is read only when a stack trace is formatted.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsFor, functionBundling, projectRoot } from '../../infra/bundling.js';

let dir: string;
let bundle: string;

const failing = `export class PlanningFailure extends Error {}

export function searchCandidates(depth: number): number {
  if (depth > 2) {
    throw new PlanningFailure('no candidate left');
  }
  return searchCandidates(depth + 1);
}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'planner-stacks-'));
  await writeFile(join(dir, 'failing.ts'), failing);
  await writeFile(
    join(dir, 'entry.ts'),
    `import { createObservability } from ${JSON.stringify(join(projectRoot, 'lib/observability/index.ts'))};
import { searchCandidates } from './failing.js';
createObservability({ serviceName: 'stack-test' });
export function handler(): string {
  try {
    searchCandidates(0);
    return 'no error';
  } catch (error) {
    return (error as Error).stack ?? '';
  }
}
`,
  );
  bundle = join(dir, 'out', 'index.mjs');
  await build(esbuildOptionsFor(functionBundling, { entry: join(dir, 'entry.ts'), outfile: bundle }));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Bundled stack traces', () => {
  it('should ship the source map beside the bundle without linking it', async () => {
    const code = await readFile(bundle, 'utf8');
    const map = JSON.parse(await readFile(`${bundle}.map`, 'utf8')) as { sourcesContent?: unknown };

    expect(code).not.toContain('sourceMappingURL');
    expect(map.sourcesContent).toBeUndefined();
  });

  it('should name the original file, line and function of each frame', async () => {
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(handler());`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );

    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Error: no candidate left');
    expect(lines[1]).toBe(`    at searchCandidates (${join(dir, 'failing.ts')}:5:11)`);
    expect(lines[2]).toBe(`    at searchCandidates (${join(dir, 'failing.ts')}:7:10)`);
    expect(stdout).toContain(`at handler (${join(dir, 'entry.ts')}:`);
  });
});
