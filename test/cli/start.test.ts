/**
 * `npm start` as a newcomer runs it: the bundled server starts, prints its URL, answers a plan on
 * every worker, and stops on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
});

describe('npm start', () => {
  it('should print its URL, answer plans, and stop on SIGTERM', async () => {
    child = spawn(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', WORKERS: '2', PRICING_SOURCE: 'embedded' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('no URL printed within 20 s')), 20_000);
      let out = '';
      child?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Planner listening on (http:\/\/localhost:\d+) \(2 workers\)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          done(match[1]);
        }
      });
    });

    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${url}/v1/plans`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'llama-3.2-1b',
            workload: { kind: 'inference', inputTokens: 64, outputTokens: 64 },
          }),
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { tier: string }).tier).toBe('personal');
    }

    const exited = new Promise<number | null>((done) => child?.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 40_000);

  it.each(['2', '1'])(
    'should stop at once with one line naming PORT when the port is taken (WORKERS=%s)',
    async (workers) => {
      const taken = createServer();
      await new Promise<void>((done) => taken.listen(0, done));
      const { port } = taken.address() as { port: number };
      try {
        const start = spawn(
          process.execPath,
          [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'],
          {
            cwd: root,
            env: { ...process.env, PORT: String(port), WORKERS: workers, PRICING_SOURCE: 'embedded' },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stderr = '';
        start.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        const code = await new Promise<number | null>((done) => start.once('exit', done));

        expect(code).toBe(1);
        expect(stderr.trim().split('\n')).toEqual([
          `Port ${port} is already in use: stop what listens there, or set PORT to a free port (e.g. PORT=${port + 1} npm start).`,
        ]);
      } finally {
        taken.close();
      }
    },
    30_000,
  );
});
