/**
 * What every answer to hostile input must be: not a 5xx, and when an error, an RFC 9457 problem
 * (`application/problem+json` with type, title, status, detail) that leaks no stack trace.
 */
import { expect } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';

/** Unexpected errors the app would answer 500; any entry fails the suite. */
export const loggedBugs: unknown[] = [];
export const app = createApp({ catalog: embeddedCatalog, logError: (error) => loggedBugs.push(error) });

export const validEstimate = {
  model: 'llama-3.1-8b',
  hardware: { instanceType: 'g5.xlarge' },
  workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
};
export const validPlan = {
  model: 'llama-3.1-8b',
  workload: { kind: 'inference', inputTokens: 512, outputTokens: 256, traffic: { requestsPerSecond: 5 } },
};

export interface Answer {
  status: number;
  contentType: string | null;
  body: unknown;
}

/** Reads an answer, asserting the rules above; `allowed` lists the statuses the case may produce. */
export async function expectSafeAnswer(res: Response, allowed: readonly number[]): Promise<Answer> {
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  expect(res.status, `status ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(allowed, `status ${res.status}: ${text.slice(0, 300)}`).toContain(res.status);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules|\/lib\/[a-z]+\/[a-z-]+\.ts/);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (res.status >= 400) {
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: res.status,
      detail: expect.any(String),
    });
  }
  return { status: res.status, contentType, body };
}

export function post(
  path: string,
  body: RequestInit['body'],
  contentType: string | null = 'application/json',
) {
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: contentType === null ? {} : { 'Content-Type': contentType },
    body,
    // A stream body needs half duplex (fetch spec); harmless for the others.
    ...(body instanceof ReadableStream && { duplex: 'half' }),
  };
  return app.request(path, init);
}
