/**
 * Fuzz, by hand: the bodies an attacker or a broken client sends (DESIGN §4: never a 5xx for anything
 * a caller sends, every error a problem document). Each case says which statuses are acceptable.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../lib/api/index.js';
import { expectSafeAnswer, loggedBugs, post, validEstimate, validPlan } from './problem-check.js';

const routes = ['/v1/estimates', '/v1/plans'] as const;
const bodyFor = (route: (typeof routes)[number]) => (route === '/v1/plans' ? validPlan : validEstimate);

afterAll(() => expect(loggedBugs).toEqual([]));

/** `depth` nested arrays, e.g. [[[...]]]: stresses recursive parsers and validators. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe.each(routes)('Fuzz: hostile bodies on POST %s', (route) => {
  const valid = JSON.stringify(bodyFor(route));

  it.each([
    { case: 'an empty body', body: '', statuses: [400] },
    { case: 'whitespace only', body: '   \n\t ', statuses: [400] },
    { case: 'truncated JSON', body: valid.slice(0, valid.length - 3), statuses: [400] },
    { case: 'a trailing comma', body: `${valid.slice(0, -1)},}`, statuses: [400] },
    { case: 'JSON null', body: 'null', statuses: [422] },
    { case: 'a bare number', body: '42', statuses: [422] },
    { case: 'a bare string', body: '"llama"', statuses: [422] },
    { case: 'an array', body: `[${valid}]`, statuses: [422] },
    { case: '10k nested arrays', body: nestedArrays(10_000), statuses: [400, 413, 422] },
    {
      case: '10k nested arrays as the model',
      body: `{"model":${nestedArrays(10_000)}}`,
      statuses: [400, 413, 422],
    },
    { case: '5k nested objects', body: nestedObjects(5_000), statuses: [400, 413, 422] },
    { case: '1e400 (Infinity after parsing)', body: valid.replace('512', '1e400'), statuses: [422] },
    { case: '-1e400', body: valid.replace('512', '-1e400'), statuses: [422] },
    { case: '1e308', body: valid.replace('512', '1e308'), statuses: [422] },
    { case: '-0', body: valid.replace('512', '-0'), statuses: [422] },
    { case: '5e-324', body: valid.replace('512', '5e-324'), statuses: [422] },
    { case: 'a 400-digit integer', body: valid.replace('512', '9'.repeat(400)), statuses: [422] },
    { case: '"NaN" as a number', body: valid.replace('512', '"NaN"'), statuses: [422] },
    { case: '"Infinity" as a number', body: valid.replace('512', '"Infinity"'), statuses: [422] },
    { case: 'NaN literal (not JSON)', body: valid.replace('512', 'NaN'), statuses: [400] },
    { case: 'a hex literal (not JSON)', body: valid.replace('512', '0x200'), statuses: [400] },
    { case: 'true as a number', body: valid.replace('512', 'true'), statuses: [422] },
    { case: 'an object as the model', body: valid.replace('"llama-3.1-8b"', '{}'), statuses: [422] },
    { case: 'an empty model id', body: valid.replace('"llama-3.1-8b"', '""'), statuses: [422] },
    { case: 'a 100 KB model id', body: valid.replace('llama-3.1-8b', 'x'.repeat(100_000)), statuses: [413] },
    { case: 'a 60 KB model id', body: valid.replace('llama-3.1-8b', 'x'.repeat(60_000)), statuses: [422] },
    {
      case: 'NUL and control characters',
      body: valid.replace('llama-3.1-8b', '\\u0000\\u001b[31m'),
      statuses: [422],
    },
    {
      case: 'lone surrogates',
      body: valid.replace('llama-3.1-8b', '\\ud800\\udfff\\ud800'),
      statuses: [422],
    },
    { case: 'a byte-order mark first', body: `\ufeff${valid}`, statuses: [200, 400] },
    { case: 'an unknown top-level field', body: `${valid.slice(0, -1)},"admin":true}`, statuses: [422] },
    { case: 'a duplicated key', body: `${valid.slice(0, -1)},"model":"nope"}`, statuses: [422] },
    {
      case: 'a 50 KB array field',
      body: `${valid.slice(0, -1)},"x":[${'1,'.repeat(25_000)}1]}`,
      statuses: [422],
    },
  ])('$case', async ({ body, statuses }) => {
    await expectSafeAnswer(await post(route, body), statuses);
  });

  it.each([
    { case: '__proto__ at the top', key: '__proto__' },
    { case: 'constructor at the top', key: 'constructor' },
    { case: 'prototype at the top', key: 'prototype' },
  ])('refuses $case and pollutes nothing', async ({ key }) => {
    const body = `${valid.slice(0, -1)},"${key}":{"polluted":true,"prototype":{"polluted":true}}}`;
    await expectSafeAnswer(await post(route, body), [422]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses __proto__ nested in the workload and the model and pollutes nothing', async () => {
    const parsed = JSON.parse(valid) as { workload: object };
    const body = JSON.stringify({ ...parsed, workload: { ...parsed.workload } }).replace(
      '"workload":{',
      '"workload":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
    );
    const answer = await expectSafeAnswer(await post(route, body), [422]);
    expect(JSON.stringify(answer.body)).toMatch(/__proto__|constructor|Unrecognized/);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each([
    { contentType: null, statuses: [415] },
    { contentType: 'text/plain', statuses: [415] },
    { contentType: 'application/x-www-form-urlencoded', statuses: [415] },
    { contentType: 'multipart/form-data; boundary=x', statuses: [415] },
    { contentType: 'application/xml', statuses: [415] },
    { contentType: 'application/json; charset=utf-16', statuses: [200, 400, 415] },
    { contentType: 'application/json; charset=utf-8', statuses: [200] },
    { contentType: 'APPLICATION/JSON', statuses: [200, 415] },
    { contentType: 'application/problem+json', statuses: [200, 415] },
    { contentType: 'application/jsonx', statuses: [415] },
    { contentType: '*/*', statuses: [415] },
    { contentType: ';;;', statuses: [415] },
  ])('content type $contentType', async ({ contentType, statuses }) => {
    await expectSafeAnswer(await post(route, valid, contentType), statuses);
  });

  it('invalid UTF-8 in the body', async () => {
    const bytes = Buffer.concat([
      Buffer.from(valid.slice(0, 10)),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
      Buffer.from(valid.slice(10)),
    ]);
    await expectSafeAnswer(await post(route, bytes), [400, 422]);
  });

  it('invalid UTF-8 inside a string value', async () => {
    const [head, tail] = valid.split('llama-3.1-8b');
    const bytes = Buffer.concat([
      Buffer.from(`${head}`),
      Buffer.from([0xff, 0xc0, 0x80]),
      Buffer.from(`${tail}`),
    ]);
    await expectSafeAnswer(await post(route, bytes), [422]);
  });

  it.each([
    { case: 'just over the limit', bytes: MAX_BODY_BYTES + 1 },
    { case: '1 MiB', bytes: 2 ** 20 },
    { case: '8 MiB', bytes: 8 * 2 ** 20 },
  ])('a body $case: 413', async ({ bytes }) => {
    const padding = ' '.repeat(Math.max(0, bytes - valid.length));
    const res = await post(route, `${valid}${padding}`);
    await expectSafeAnswer(res, [413]);
  });

  it('a streamed (chunked) body over the limit, without a content length: 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode(valid));
        if (sent >= MAX_BODY_BYTES * 4) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await post(route, stream);
    await expectSafeAnswer(res, [413]);
  });
});
