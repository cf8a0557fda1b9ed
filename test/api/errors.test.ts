/**
 * Every error is an RFC 9457 problem: the right status, `application/problem+json`, and for
 * validation one `{ pointer, message }` per invalid field. Never a 5xx or a stack trace for input.
 */
import { describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { app, inferenceEstimate, postJson, problemOf } from './fixtures.js';

describe('Problem details', () => {
  it('should answer 400 for malformed JSON', async () => {
    const res = await postJson('/v1/estimates', '{"model": ');

    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({
      contentType: 'application/problem+json',
      type: 'https://planner.dev/problems/malformed-json',
      title: 'Malformed JSON',
      status: 400,
      instance: '/v1/estimates',
    });
  });

  it('should answer 400 for a POST without a body', async () => {
    const res = await app.request('/v1/estimates', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });

    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({ status: 400, contentType: 'application/problem+json' });
  });

  it.each([
    { contentType: 'text/plain', body: JSON.stringify(inferenceEstimate) },
    { contentType: 'application/x-www-form-urlencoded', body: 'model=llama-3.1-8b' },
  ])('should answer 415 for a $contentType body', async ({ contentType, body }) => {
    const res = await app.request('/v1/estimates', {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    });

    expect(res.status).toBe(415);
    expect(await problemOf(res)).toMatchObject({
      type: 'about:blank',
      title: 'Unsupported Media Type',
      status: 415,
      contentType: 'application/problem+json',
    });
  });

  it.each([
    {
      case: 'a string where a number belongs',
      body: { ...inferenceEstimate, workload: { ...inferenceEstimate.workload, inputTokens: 'many' } },
      pointers: ['/workload/inputTokens'],
    },
    {
      case: 'a missing workload',
      body: { model: 'llama-3.1-8b', hardware: { instanceType: 'g5.xlarge' } },
      pointers: ['/workload'],
    },
    {
      case: 'an unknown workload kind',
      body: { ...inferenceEstimate, workload: { kind: 'dreaming' } },
      pointers: ['/workload/kind'],
    },
    {
      case: 'an unknown top-level key',
      body: { ...inferenceEstimate, colour: 'blue' },
      pointers: ['/colour'],
    },
    {
      case: 'a zero instance count (union branch of instance types)',
      body: { ...inferenceEstimate, hardware: { instanceType: 'g5.xlarge', count: 0 } },
      pointers: ['/hardware/count'],
    },
    {
      case: 'an unknown accelerator id (union branch of accelerators)',
      body: { ...inferenceEstimate, hardware: { accelerator: 'tpu-v5', count: 1 } },
      pointers: ['/hardware/accelerator'],
    },
    {
      case: 'an inline architecture missing its shapes',
      body: { ...inferenceEstimate, model: { parameters: 8e9, layers: 32 } },
      pointers: ['/model/hiddenSize', '/model/attentionHeads'],
    },
    {
      case: 'a model of the wrong type',
      body: { ...inferenceEstimate, model: 42 },
      pointers: ['/model'],
    },
    {
      case: 'a body that is not an object',
      body: [1, 2, 3],
      pointers: [''],
    },
  ])('should answer 422 with JSON Pointers for $case', async ({ body, pointers }) => {
    const res = await postJson('/v1/estimates', body);

    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({
      contentType: 'application/problem+json',
      type: 'https://planner.dev/problems/validation',
      title: 'Invalid request',
      status: 422,
    });
    expect(problem.errors?.map((e) => e.pointer)).toEqual(pointers);
    for (const error of problem.errors ?? []) expect(error.message).not.toBe('');
  });

  it('should answer 404 for an unknown route', async () => {
    const res = await app.request('/v2/everything');

    expect(res.status).toBe(404);
    expect(await problemOf(res)).toMatchObject({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      contentType: 'application/problem+json',
    });
  });

  it('should answer 405 with Allow for a method the path does not allow', async () => {
    const res = await app.request('/v1/models', { method: 'DELETE' });

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(await problemOf(res)).toMatchObject({ title: 'Method Not Allowed', status: 405 });
  });

  it('should answer 413 for a body over the limit', async () => {
    const huge = { ...inferenceEstimate, model: 'x'.repeat(MAX_BODY_BYTES) };

    const res = await postJson('/v1/estimates', huge);

    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({ status: 413, contentType: 'application/problem+json' });
  });

  it('should answer 422 with pointer /region for a region the catalog does not price', async () => {
    const res = await app.request('/v1/instances?region=xx-nowhere-9');

    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors?.[0]?.pointer).toBe('/region');
  });

  it('should answer 500 without the message or a stack for a genuine bug', async () => {
    // Prepare: a catalog source with a bug
    const logged: unknown[] = [];
    const broken = createApp({
      catalog: {
        ...embeddedCatalog,
        getRegion: async () => {
          throw new Error('secret internal detail at /var/task/index.js:1:2');
        },
      },
      logError: (error) => logged.push(error),
    });

    // Act
    const res = await broken.request('/v1/instances');

    // Assess
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('index.js');
    expect(JSON.parse(text)).toMatchObject({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
    });
    expect(logged).toHaveLength(1);
  });
});

describe('Headers', () => {
  it('should send security headers and a request id', async () => {
    const res = await app.request('/healthz');

    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('x-frame-options')).toBeTruthy();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-request-id')).toMatch(/\S/);
  });

  it('should echo a caller-supplied request id', async () => {
    const res = await app.request('/healthz', { headers: { 'X-Request-Id': 'trace-123' } });

    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('should list the first 20 field errors and the count, not one entry per problem of a hostile body', async () => {
    // 7,000 unknown keys in under 64 KiB (base-36 names): once answered with 7,000 entries (about 350 KB).
    const keys = Object.fromEntries(Array.from({ length: 7000 }, (_, i) => [i.toString(36), 0]));
    const body = JSON.stringify({ ...inferenceEstimate, ...keys });
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);

    const res = await postJson('/v1/estimates', body);
    const text = await res.text();

    expect(res.status).toBe(422);
    const problem = JSON.parse(text);
    expect(problem.errors).toHaveLength(20);
    expect(problem.errorCount).toBe(7000);
    expect(problem.detail).toBe('The request has 7000 invalid fields; the first 20 are listed.');
    expect(text.length).toBeLessThan(4096);
  });

  it('should list every error, without a count, when there are 20 or fewer', async () => {
    const res = await postJson('/v1/estimates', { ...inferenceEstimate, a: 1, b: 2 });
    const problem = await problemOf(res);

    expect(problem.errors).toHaveLength(2);
    expect(problem).not.toHaveProperty('errorCount');
  });
});
