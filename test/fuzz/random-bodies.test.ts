/**
 * Fuzz with fast-check: random JSON of any shape, valid bodies with one field swapped for a hostile
 * value, and random bytes. Whatever arrives, the answer is a 2xx or a problem document, never a 5xx.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectSafeAnswer, loggedBugs, post, validEstimate, validPlan } from './problem-check.js';

afterAll(() => expect(loggedBugs).toEqual([]));

const seed = Number(process.env.FC_SEED ?? 20261126);
const scale = Number(process.env.FC_RUNS_SCALE ?? 1) || 1;
const runs = (numRuns: number) => ({ numRuns: Math.round(numRuns * scale), seed });

const routes = ['/v1/estimates', '/v1/plans'] as const;

/** Values that break naive code: wrong types, extremes, strings that look like numbers, prototype keys. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    5e-324,
    0.5,
    '',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    '512',
    '__proto__',
    'constructor',
    'max',
    'auto',
    [],
    {},
    [null],
    { __proto__: null },
    { constructor: { prototype: { polluted: true } } },
    'x'.repeat(5000),
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE plans; --",
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }),
);

type Json = Record<string, unknown>;

/** Every path to a value inside `o` (objects and arrays), root excluded. */
function paths(o: unknown, prefix: string[] = []): string[][] {
  if (o === null || typeof o !== 'object') return [];
  return Object.entries(o).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

/** A deep copy of `o` with the value at `path` replaced (or the key deleted when `value` is absent). */
function withValueAt(o: Json, path: readonly string[], value: unknown, remove: boolean): Json {
  const copy = structuredClone(o);
  let cursor: Json = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Json;
  const last = path[path.length - 1] ?? '';
  if (remove) delete cursor[last];
  else cursor[last] = value;
  return copy;
}

const mutation = (base: Json) =>
  fc.record({
    path: fc.constantFrom(...paths(base)),
    value: hostileValue,
    remove: fc.boolean(),
    extraKey: fc.option(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'x'), {
      nil: undefined,
    }),
  });

describe.each(routes)('Fuzz: random bodies on POST %s', (route) => {
  const base = (route === '/v1/plans' ? validPlan : validEstimate) as Json;

  it('any JSON value: 200, 400 or 422', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        await expectSafeAnswer(await post(route, JSON.stringify(value)), [200, 400, 422]);
      }),
      runs(150),
    );
  });

  it('a valid body with one field replaced, deleted or joined by a prototype key', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(base), async ({ path, value, remove, extraKey }) => {
        let body = JSON.stringify(withValueAt(base, path, value, remove));
        // JSON.stringify drops __proto__ set through assignment: splice such keys in as text.
        if (extraKey) body = body.replace(/^\{/, `{"${extraKey}":{"polluted":true},`);
        await expectSafeAnswer(await post(route, body), [200, 400, 422]);
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      runs(300),
    );
  });

  it('random text and bytes: 400, 413 or 422', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
          fc.string({ maxLength: 50 }).map((s) => JSON.stringify(base).replace('llama', s)),
        ),
        async (body) => {
          await expectSafeAnswer(await post(route, body), [200, 400, 413, 422]);
        },
      ),
      runs(200),
    );
  });
});
