/**
 * Issue 14, transport: the local server (lib/api/node-server.ts, as functions/server.ts runs it)
 * against raw sockets on 127.0.0.1. Slow headers and slow bodies are cut off, a crowd of slow bodies
 * is refused instead of held, an aborted upload is not logged as a bug, and the errors Node answers
 * itself are problem+json. Small timeouts keep each case under two seconds.
 */
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeServer } from '../../lib/api/node-server.js';
import { app, loggedBugs, validPlan } from './problem-check.js';

let server: Server;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = createNodeServer(app.fetch, {
    headersTimeoutMs: 400,
    requestTimeoutMs: 800,
    maxSlowBodies: 4,
    slowBodyMs: 50,
    timeoutCheckIntervalMs: 100,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface RawReply {
  status: number;
  headers: string;
  body: string;
  /** ms from the first byte sent to the socket closing. */
  closedAfterMs: number;
}

/** Writes `head` (and later `rest`, if any) on a raw socket; resolves when the server closes it. */
function raw(head: string, { holdMs = 0, rest }: { holdMs?: number; rest?: string } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      const [headers = '', body = ''] = data.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0),
        headers,
        body,
        closedAfterMs: Date.now() - started,
      });
    });
    socket.setTimeout(5_000, () => reject(new Error(`socket held open: ${JSON.stringify(data)}`)));
    socket.write(head);
    if (rest !== undefined) setTimeout(() => socket.writable && socket.write(rest), holdMs);
  });
}

function expectProblem(reply: RawReply, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.headers.toLowerCase()).toContain('content-type: application/problem+json');
  expect(JSON.parse(reply.body)).toMatchObject({ type: 'about:blank', title: expect.any(String), status });
}

const planHead = (length: number) =>
  `POST /v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
const body = JSON.stringify(validPlan);

describe('Transport: the local server under hostile sockets', () => {
  it('should answer 408 problem+json and close a socket whose headers never finish', async () => {
    const reply = await raw('POST /v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');

    expectProblem(reply, 408);
    expect(reply.closedAfterMs).toBeLessThan(2_000);
  });

  it('should answer 408 problem+json and close a socket whose body never finishes', async () => {
    const reply = await raw(`${planHead(body.length)}${body.slice(0, 10)}`);

    expectProblem(reply, 408);
    expect(reply.closedAfterMs).toBeLessThan(2_000);
  });

  it('should refuse slow bodies beyond the limit at once (503), and stay healthy meanwhile', async () => {
    const slow = Array.from({ length: 4 }, () => raw(`${planHead(body.length)}{`));
    await new Promise((r) => setTimeout(r, 100));

    const refused = await raw(`${planHead(body.length)}{`);
    expectProblem(refused, 503);
    expect(refused.headers).toMatch(/retry-after: 1/i);
    expect(refused.closedAfterMs).toBeLessThan(300);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    for (const reply of await Promise.all(slow)) expectProblem(reply, 408);
    // The slots are free again.
    const ok = await fetch(`http://127.0.0.1:${port}/v1/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(ok.status).toBe(200);
  });

  it('should answer a burst of fast clients, many more than the slow-body limit, all 200', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`http://127.0.0.1:${port}/v1/estimates`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'llama-3.2-1b',
            hardware: { instanceType: 'g5.xlarge' },
            workload: { kind: 'inference', inputTokens: 64, outputTokens: 64 },
          }),
        }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
  });

  it('should not log an aborted chunked upload as a bug', async () => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    socket.write(
      'POST /v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"mod\r\n',
    );
    await new Promise((r) => setTimeout(r, 150));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 150));

    expect(loggedBugs).toEqual([]);
  });

  it.each([
    {
      case: 'headers over 16 KiB',
      head: `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      status: 431,
    },
    { case: 'a header line without a colon', head: 'GET /healthz HTTP/1.1\r\nHost x\r\n\r\n', status: 400 },
    { case: 'a garbage request line', head: 'HELLO\r\n\r\n', status: 400 },
    {
      case: 'a bad chunk size',
      head: 'POST /v1/plans HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      status: 400,
    },
  ])('should answer Node-level errors as problem+json: $case → $status', async ({ head, status }) => {
    expectProblem(await raw(head), status);
  });

  it('should never copy the Host header into /openapi.json', async () => {
    const reply = await raw('GET /openapi.json HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');

    expect(reply.status).toBe(200);
    expect(reply.body).not.toContain('evil.example');
  });

  afterAll(() => expect(loggedBugs).toEqual([]));
});

describe('Transport: functions/server.ts (what npm start runs)', () => {
  it('should answer oversized headers as problem+json and list PUBLIC_URL as the server', async () => {
    const root = resolvePath(import.meta.dirname, '../..');
    // One process (tsx as a loader, not its CLI, which would leave a grandchild behind on kill).
    const child = spawn(process.execPath, ['--import', 'tsx', 'functions/server.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', WORKERS: '1', PUBLIC_URL: 'https://planner.example.com' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error('no URL printed within 20 s')), 20_000);
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/localhost:\d+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            done(match[1]);
          }
        });
      });
      const big = await fetch(`${url}/healthz`, { headers: { 'x-big': 'a'.repeat(20_000) } });
      expect(big.status).toBe(431);
      expect(big.headers.get('content-type')).toBe('application/problem+json');

      const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { servers: { url: string }[] };
      expect(doc.servers).toEqual([{ url: 'https://planner.example.com' }]);
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});
