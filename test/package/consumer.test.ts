/**
 * The package as an internal tool installs it: `npm pack` (which builds dist/ through `prepack`),
 * the tarball installed into an empty project with `npm install --offline`, then plain Node imports
 * the client and calls a server this test starts on 127.0.0.1, and `npx planner` runs there.
 *
 * Offline: `npm ci` leaves the dependencies' tarballs in the npm cache but not the registry metadata
 * an install without a lock file needs to resolve version ranges. So the empty project gets a lock
 * file: the tarball, plus the production entries of this repository's package-lock.json (exactly the
 * packages `npm ci` fetched for the dependencies), and npm installs them from the cache.
 */
import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/embedded.js';

const repo = join(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: Record<string, string>;
};

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

/** Child processes get no `npm_*` variables of the `npm test` that runs us (they would steer npm). */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
const run = async (file: string, args: string[], cwd: string) =>
  promisify(execFile)(file, args, { cwd, env, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20 });

/** Size of a directory tree in bytes (files only; links are not followed). */
function treeBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

let work: string;
let project: string;
let server: ReturnType<typeof serve>;
let url: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'planner-consumer-'));
  project = join(work, 'project');
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], repo);
  // Lifecycle scripts (prepack's build) may print before npm's JSON.
  const json = packed.stdout.slice(packed.stdout.search(/^\[/m));
  const [{ filename, integrity } = { filename: '', integrity: '' }] = JSON.parse(json) as {
    filename: string;
    integrity: string;
  }[];
  const spec = `file:../${filename}`;

  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.link) continue;
    const { devOptional: _, ...production } = entry;
    packages[path] = production;
  }
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { [manifest.name]: spec },
    }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }),
  );
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund'], project);

  const app = createApp({ catalog: embeddedCatalog, logError: () => {} });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('The package installed from its tarball', () => {
  it('should install only what a consumer needs', () => {
    const installed = join(project, 'node_modules');
    const bytes = treeBytes(installed);
    console.log(`installed size of the package and its dependencies: ${(bytes / 2 ** 20).toFixed(1)} MiB`);

    for (const devOnly of ['aws-cdk-lib', 'constructs', 'cdk-nag', 'tsx', 'typescript', 'esbuild'])
      expect(existsSync(join(installed, devOnly)), devOnly).toBe(false);
    const own = join(installed, manifest.name);
    expect(existsSync(join(own, 'dist/lib/client/index.d.ts'))).toBe(true);
    expect(existsSync(join(own, 'LICENSE'))).toBe(true);
    // No TypeScript sources, tests or infrastructure code are published.
    for (const dir of ['lib', 'functions', 'infra', 'test', 'scripts'])
      expect(existsSync(join(own, dir)), dir).toBe(false);
    expect(bytes).toBeLessThan(60 * 2 ** 20);
  });

  it('should give plain Node a client that calls the API', async () => {
    const script = `
import { createPlannerClient, PlannerApiError } from '${manifest.name}';
const planner = createPlannerClient({ baseUrl: process.argv[1] });
const health = await planner.health();
const plan = await planner.plan({
  model: 'llama-3.1-8b',
  workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
});
let problem;
try {
  await planner.plan({ model: 'no-such-model', workload: { kind: 'inference', inputTokens: 1, outputTokens: 1 } });
} catch (error) {
  problem = error instanceof PlannerApiError ? error.status : String(error);
}
console.log(JSON.stringify({ health, tier: plan.tier, instanceType: plan.recommendation.instanceType, problem }));
`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, url], project);

    const answer = JSON.parse(stdout) as Record<string, unknown>;
    expect(answer).toMatchObject({ health: { status: 'ok' }, tier: 'personal', problem: 422 });
    expect(answer.instanceType).toEqual(expect.any(String));
  });

  it('should type-check a consumer against the declarations', async () => {
    writeFileSync(
      join(project, 'index.ts'),
      `import { createPlannerClient, type PlanResult } from '${manifest.name}';
const planner = createPlannerClient({ baseUrl: 'http://127.0.0.1:3000' });
export async function cheapest(): Promise<string> {
  const plan: PlanResult = await planner.plan({
    model: 'llama-3.1-8b',
    workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
  });
  return plan.recommendation.instanceType;
}
// @ts-expect-error: a token count must be a number (fails as "unused" if the types were lost)
planner.plan({ model: 'llama-3.1-8b', workload: { kind: 'inference', inputTokens: '512', outputTokens: 1 } });
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['ES2023', 'DOM'],
          types: [],
        },
        files: ['index.ts'],
      }),
    );

    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', '.'], project).catch((error) => error);

    expect(result.stdout).toBe('');
  });

  it('should run npx planner plan in-process and against the server', async () => {
    const flags = ['--model', 'llama-3.1-8b', '--input-tokens', '512', '--output-tokens', '256', '--json'];

    const local = await run('npx', ['--offline', 'planner', 'plan', ...flags], project);
    const remote = await run('npx', ['--offline', 'planner', 'plan', ...flags, '--url', url], project);

    const [a, b] = [local, remote].map(
      (r) => JSON.parse(r.stdout) as { tier: string; recommendation: object },
    );
    expect(a?.tier).toBe('personal');
    expect(b?.recommendation).toEqual(a?.recommendation);
  });

  it('should serve the plan explorer with planner ui', async () => {
    const child = spawn(join(project, 'node_modules/.bin/planner'), ['ui', '--port', '0'], {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const page = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('planner ui printed no URL within 20 s')), 20_000);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const url = /Plan explorer on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
          if (url) {
            clearTimeout(timer);
            resolve(url);
          }
        });
        child.once('exit', (code) => reject(new Error(`planner ui exited with ${code}`)));
      });

      const html = await fetch(page);
      const plan = await fetch(new URL('v1/plans', page), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'llama-3.2-1b',
          workload: { kind: 'inference', inputTokens: 64, outputTokens: 64 },
        }),
      });

      expect([html.status, plan.status]).toEqual([200, 200]);
      expect(html.headers.get('content-type')).toContain('text/html');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);

  it('should explain itself with planner --help', async () => {
    const { stdout } = await run(join(project, 'node_modules/.bin/planner'), ['--help'], project);

    expect(stdout).toContain('Usage: planner <command> [flags]');
    expect(stdout).toContain('plan');
  });
});
