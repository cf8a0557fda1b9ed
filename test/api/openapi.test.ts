/**
 * The OpenAPI document: 3.1, every route, and the structural points of Redocly's "recommended"
 * ruleset stated directly (openapi-lint.test.ts runs Redocly itself).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';
import { app } from './fixtures.js';

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string; description?: string; license?: { name: string; url?: string } };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
};

const document = async () =>
  (await (await app.request('http://planner.test/openapi.json')).json()) as Document;
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );

describe('Route: GET /openapi.json', () => {
  it('should be OpenAPI 3.1 listing every route', async () => {
    const doc = await document();

    expect(doc.openapi).toBe('3.1.0');
    expect(
      operations(doc)
        .map((o) => o.name)
        .sort(),
    ).toEqual(
      [
        'GET /docs',
        'GET /healthz',
        'GET /openapi.json',
        'GET /v1/accelerators',
        'GET /v1/instances',
        'GET /v1/models',
        'POST /v1/estimates',
        'POST /v1/plans',
      ].sort(),
    );
  });

  it('should name the contract schemas as components', async () => {
    const { components } = await document();

    expect(Object.keys(components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'EstimateRequest',
        'EstimateResponse',
        'PlanRequest',
        'PlanResponse',
        'Problem',
        'InstanceList',
      ]),
    );
  });

  it('should list the relative server `/`, never the Host header a caller sent', async () => {
    const res = await app.request('http://planner.test/openapi.json', {
      headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' },
    });
    const text = await res.text();

    expect((JSON.parse(text) as Document).servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(text).not.toContain('evil.example');
    expect(text).not.toContain('planner.test');
  });

  it('should list the configured servers instead', async () => {
    const configured = createApp({
      catalog: embeddedCatalog,
      openApi: { servers: [{ url: 'https://planner.example.com' }] },
    });
    const doc = (await (await configured.request('/openapi.json')).json()) as Document;

    expect(doc.servers).toEqual([{ url: 'https://planner.example.com' }]);
  });

  describe('Redocly recommended rules (structural check)', () => {
    it('should have info.license with a URL, a description and a version', async () => {
      const { info } = await document();

      expect(info.license?.name).toBeTruthy();
      expect(info.license?.url).toMatch(/^https:\/\//);
      expect(info.description).toBeTruthy();
      expect(info.version).toBeTruthy();
    });

    it('should give every operation a unique operationId, a summary, a description and a defined tag', async () => {
      const doc = await document();
      const definedTags = new Set(doc.tags?.map((t) => t.name));
      const ids = operations(doc).map(({ op }) => op.operationId);

      expect(new Set(ids).size).toBe(ids.length);
      for (const { name, op } of operations(doc)) {
        expect(op.operationId, name).toMatch(/^[a-zA-Z]+$/);
        expect(op.summary, name).toBeTruthy();
        expect(op.description, name).toBeTruthy();
        expect(op.tags?.length, name).toBeGreaterThan(0);
        for (const tag of op.tags ?? []) expect(definedTags.has(tag), `${name} tag ${tag}`).toBe(true);
      }
      for (const tag of doc.tags ?? []) expect(tag.description, tag.name).toBeTruthy();
    });

    it('should document a 2xx and a 4xx response for every operation', async () => {
      const doc = await document();

      for (const { name, op } of operations(doc)) {
        const codes = Object.keys(op.responses);
        expect(
          codes.some((c) => c.startsWith('2')),
          name,
        ).toBe(true);
        expect(
          codes.some((c) => c.startsWith('4')),
          name,
        ).toBe(true);
      }
    });

    it('should define its security schemes and resolve every $ref', async () => {
      const doc = await document();
      const text = JSON.stringify(doc);

      for (const requirement of doc.security ?? [])
        for (const scheme of Object.keys(requirement as object))
          expect(doc.components?.securitySchemes?.[scheme], scheme).toBeDefined();
      for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
        expect(doc.components?.schemas?.[name as string], name).toBeDefined();
      expect(text).not.toContain('example.com');
      // zod metadata ids must become components, never stray keywords inside a schema.
      expect(text).not.toMatch(/"id":"[A-Z]/);
    });
  });
});
