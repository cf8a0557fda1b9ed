/**
 * docs/openapi.json, the contract as the repository documents it, is the document the API serves:
 * regenerate it with `npm run docs:openapi` when the contract changes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiFile, openApiFileText, servedOpenApiDocument } from '../../scripts/write-openapi.js';

describe('docs/openapi.json', () => {
  it('should be exactly what GET /openapi.json serves (npm run docs:openapi rewrites it)', async () => {
    const committed = readFileSync(openApiFile, 'utf8');

    const served = openApiFileText(await servedOpenApiDocument());

    expect(committed === served, 'docs/openapi.json is stale: run npm run docs:openapi').toBe(true);
  });
});
