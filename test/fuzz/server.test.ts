/**
 * Hostile input against a real server (the local server's transport, lib/api/node-server.ts, on
 * 127.0.0.1), for what app.request cannot
 * show: bodies larger than the limit arriving over a socket (with and without a content length),
 * bodies that trickle in, and the server still answering afterwards. Bounded: a handful of requests,
 * each under a couple of seconds.
 */

import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../lib/api/index.js';
import { createNodeServer } from '../../lib/api/node-server.js';
import { app, loggedBugs, validPlan } from './problem-check.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createNodeServer(app.fetch);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  expect(loggedBugs).toEqual([]);
});

interface Reply {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * Sends `chunks` with `delayMs` between them (no content length unless given: chunked encoding).
 * The server may answer 413 and close before the whole body is written: the reply still counts.
 */
function send({
  path = '/v1/plans',
  chunks,
  delayMs = 0,
  contentLength,
}: {
  path?: string;
  chunks: readonly (string | Buffer)[];
  delayMs?: number;
  contentLength?: number;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(contentLength !== undefined && { 'content-length': contentLength }),
        },
        timeout: 10_000,
        // A fresh connection each time: a socket left mid-body by a previous case must not be reused.
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: Buffer.concat(parts).toString('utf8'),
          }),
        );
      },
    );
    // Writes after the server has answered and closed fail with EPIPE/ECONNRESET: expected here.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        req.write(chunk);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      }
      req.end();
    })();
  });
}

function expectProblem(reply: Reply, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.contentType).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(reply.body)).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
  });
}

const body = JSON.stringify(validPlan);

describe('Fuzz: hostile bodies against a real server', () => {
  it('a 4 MiB body with its content length: 413 problem', async () => {
    const size = 4 * 2 ** 20;
    const payload = Buffer.alloc(size, 0x20);
    payload.write(body);
    expectProblem(await send({ chunks: [payload], contentLength: size }), 413);
  });

  it('a content length that claims 1 GiB: 413 before the body is read', async () => {
    expectProblem(await send({ chunks: [body], contentLength: 2 ** 30 }), 413);
  });

  it('a chunked body that keeps growing past the limit: 413 problem', async () => {
    const chunk = ' '.repeat(32 * 1024);
    const chunks = [body, ...Array.from({ length: (MAX_BODY_BYTES / chunk.length) * 8 }, () => chunk)];
    expectProblem(await send({ chunks, delayMs: 2 }), 413);
  });

  it('a valid body that trickles in over about a second: 200', async () => {
    const chunks = body.match(/.{1,12}/g) ?? [];
    const reply = await send({ chunks, delayMs: Math.ceil(1000 / chunks.length) });
    expect(reply.status).toBe(200);
  });

  it('invalid UTF-8 bytes over the wire: a problem, not a crash', async () => {
    const reply = await send({ chunks: [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])] });
    expect([400, 422]).toContain(reply.status);
    expect(reply.contentType).toMatch(/^application\/problem\+json/);
  });

  it('still healthy after 20 oversized bodies at once', async () => {
    const payload = Buffer.alloc(MAX_BODY_BYTES * 2, 0x20);
    const replies = await Promise.all(Array.from({ length: 20 }, () => send({ chunks: [payload] })));
    for (const reply of replies) expectProblem(reply, 413);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});
