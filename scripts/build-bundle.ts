/**
 * Builds the API function's bundle exactly as the stack does (the shared `functionBundling` options)
 * and reports its gzip size and cold start next to a bare Hono Lambda handler built the same way.
 *
 *   npm run bundle                 # build into dist/bundle, print sizes and cold starts
 *   npm run bundle -- --runs 9     # median of 9 fresh processes instead of 5
 *
 * Cold start here: a fresh `node` process that imports the bundle and answers one event (a plan for
 * the API, GET / for the bare handler), timed from process start; the median of the runs.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptionsFor, functionBundling, functionEntries, projectRoot } from '../infra/bundling.js';

export interface BuiltBundle {
  /** The bundle file (`index.mjs`, next to its source map). */
  file: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Bundles `entry` into `outdir/index.mjs` with the stack's options. A `node_modules` link to the
 * project's stands in for the runtime's, so the external `@aws-sdk/*` imports resolve as on Lambda.
 */
export async function buildBundle({
  outdir,
  entry = functionEntries.api,
}: {
  outdir: string;
  entry?: string;
}): Promise<BuiltBundle> {
  await mkdir(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
  await build(esbuildOptionsFor(functionBundling, { entry, outfile: file }));
  await symlink(join(projectRoot, 'node_modules'), join(outdir, 'node_modules'), 'dir').catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  const code = await readFile(file);
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** A payload v2 API Gateway event, as the `$default` stage sends it. */
export function httpApiEvent(method: string, path: string, body?: unknown) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.us-east-1.amazonaws.com' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bundle' },
      requestId: 'bundle-request',
      routeKey: '$default',
      stage: '$default',
      time: '20/Jul/2026:12:00:00 +0000',
      timeEpoch: 1_784_548_800_000,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

/** A small inference plan: what a first caller of the deployed API would ask. */
export const planRequest = {
  model: 'llama-3.1-8b',
  workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
};

const bareHandlerSource = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const app = new Hono();
app.get('/', (c) => c.json({ ok: true }));
export const handler = handle(app);
`;

export interface BundleInvocation {
  /** The handler's answer (API Gateway payload v2 result). */
  result: { statusCode: number; headers?: Record<string, string>; body?: string };
  /** Process spawn to first answer (Node's own start-up included), ms. */
  processMs: number;
  /** Import of the bundle plus the first event, ms: the part a bundle can change. */
  importAndFirstEventMs: number;
}

/**
 * A fresh `node` process imports the bundle and answers `event`, as a Lambda cold start does.
 * `env` is the function's environment (nothing is inherited but PATH).
 */
export async function invokeInFreshProcess(
  file: string,
  event: unknown,
  env: Record<string, string> = {},
): Promise<BundleInvocation> {
  const script = `
const start = performance.now();
const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
const result = await handler(${JSON.stringify(event)}, { awsRequestId: 'cold', functionName: 'bundle', getRemainingTimeInMillis: () => 15000 });
const importAndFirstEventMs = performance.now() - start;
process.stdout.write('\\n' + JSON.stringify({ result, processMs: performance.timeOrigin + performance.now() - startedAt, importAndFirstEventMs }) + '\\n');
`;
  const startedAt = Date.now();
  // Asynchronous, so a stand-in server in this process (tests) can answer the child meanwhile.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', `const startedAt = ${startedAt};${script}`],
    {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'WARN', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as BundleInvocation;
}

/** Medians of `runs` fresh-process invocations; each must answer 200. */
export async function coldStart(
  file: string,
  event: unknown,
  runs = 5,
): Promise<Omit<BundleInvocation, 'result'>> {
  const samples: BundleInvocation[] = [];
  // One at a time: concurrent processes would slow each other down.
  for (let i = 0; i < runs; i++) {
    const invocation = await invokeInFreshProcess(file, event);
    if (invocation.result.statusCode !== 200)
      throw new Error(`${file} answered ${invocation.result.statusCode}: ${invocation.result.body}`);
    samples.push(invocation);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return {
    processMs: median(samples.map((s) => s.processMs)),
    importAndFirstEventMs: median(samples.map((s) => s.importAndFirstEventMs)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, out: { type: 'string' } },
  });
  const runs = Number(values.runs);
  const outdir = values.out ?? join(projectRoot, 'dist', 'bundle');
  const api = await buildBundle({ outdir: join(outdir, 'api') });
  const bareEntry = join(outdir, 'bare-hono.ts');
  await mkdir(outdir, { recursive: true });
  await writeFile(bareEntry, bareHandlerSource);
  const bare = await buildBundle({ outdir: join(outdir, 'bare-hono'), entry: bareEntry });

  const rows = [
    ['API function', api, await coldStart(api.file, httpApiEvent('POST', '/v1/plans', planRequest), runs)],
    ['bare Hono handler', bare, await coldStart(bare.file, httpApiEvent('GET', '/'), runs)],
  ] as const;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `bundle (esbuild ${functionBundling.target}, ESM, minified), cold start = median of ${runs} fresh node processes`,
  );
  for (const [name, bundle, cold] of rows) {
    console.log(
      `${name.padEnd(18)} ${kib(bundle.bytes).padStart(10)} raw ${kib(bundle.gzipBytes).padStart(10)} gzip ` +
        `${cold.processMs.toFixed(0).padStart(5)} ms process start to first answer ` +
        `(${cold.importAndFirstEventMs.toFixed(0)} ms import + first event)  ${bundle.file}`,
    );
  }
  if (api.gzipBytes > 250 * 1024) {
    console.error(`API bundle is ${kib(api.gzipBytes)} gzip, above the 250 KiB budget`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
