/**
 * The repository documents itself: every relative link in README.md and docs/ reaches a file of
 * the repository, and nothing points outside it (no ../shared, no design document sections).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const documents = [
  'README.md',
  'BENCHMARKS.md',
  'CALIBRATION.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Markdown link targets `[text](target)`, without anchors; external URLs left out. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0] ?? '');
}

describe('Documentation links', () => {
  it.each(documents)('%s should link only to files inside the repository', (document) => {
    const text = readFileSync(join(root, document), 'utf8');

    for (const target of relativeLinks(text)) {
      const path = resolve(dirname(join(root, document)), target);
      expect(relative(root, path).startsWith('..'), `${target} leaves the repository`).toBe(false);
      expect(existsSync(path), `${target} does not exist`).toBe(true);
    }
    expect(text).not.toMatch(/\.\.\/shared|DESIGN(\.md)? ?§/);
  });
});
