/**
 * The answers to the golden requests are exactly the recorded ones. A change that is meant to move
 * an answer re-records them (`npm run golden:record`); one that is not (a refactor) must leave this
 * green.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerAll, type GoldenAnswer } from './answer.js';

const recorded = JSON.parse(readFileSync('test/golden/answers.json', 'utf8')) as GoldenAnswer[];

describe('Golden answers', async () => {
  const answers = new Map((await answerAll()).map((a) => [a.id, a]));

  it('covers the same requests as the recording', () => {
    expect([...answers.keys()].sort()).toEqual(recorded.map((r) => r.id).sort());
  });

  it.each(recorded.map((r) => [r.id, r] as const))('%s', (id, expected) => {
    expect(JSON.stringify(answers.get(id))).toBe(JSON.stringify(expected));
  });
});
