import { describe, expect, it } from 'vitest';
import {
  AcceleratorListItemSchema,
  InstanceListItemSchema,
  ModelListItemSchema,
  PricingSchema,
} from '../../lib/contract/plan.js';
import { app, problemOf } from './fixtures.js';

describe('Route: GET /v1/models', () => {
  it('should list the presets with their architecture numbers', async () => {
    const res = await app.request('/v1/models');

    expect(res.status).toBe(200);
    const models = (await res.json()) as unknown[];
    const parsed = models.map((m) => ModelListItemSchema.parse(m));
    const llama = parsed.find((m) => m.id === 'llama-3.1-8b');
    expect(llama?.architecture.layers).toBe(32);
    // 2 (K and V) x 32 layers x 8 KV heads x 128 dims x 2 bytes = 131072 bytes per token.
    expect(llama?.kvCacheBytesPerToken).toBe(131_072);
  });
});

describe('Route: GET /v1/accelerators', () => {
  it('should list accelerators with dense peak TFLOP/s and interconnect', async () => {
    const res = await app.request('/v1/accelerators');

    expect(res.status).toBe(200);
    const accelerators = (await res.json()) as unknown[];
    const h100 = accelerators.map((a) => AcceleratorListItemSchema.parse(a)).find((a) => a.id === 'h100');
    expect(h100).toMatchObject({ kind: 'gpu', interconnect: { kind: 'nvlink' } });
    expect(h100?.memoryGiB).toBeGreaterThan(70);
  });
});

describe('Route: GET /v1/instances', () => {
  it('should list us-east-1 instances with the pricing block by default', async () => {
    const res = await app.request('/v1/instances');

    expect(res.status).toBe(200);
    const body = (await res.json()) as { instances: unknown[]; pricing: unknown };
    const pricing = PricingSchema.parse(body.pricing);
    expect(pricing).toMatchObject({ region: 'us-east-1', currency: 'USD', source: 'embedded' });
    const instances = body.instances.map((i) => InstanceListItemSchema.parse(i));
    expect(instances.find((i) => i.instanceType === 'g5.xlarge')).toMatchObject({
      acceleratorKind: 'gpu',
      accelerator: 'a10g',
      acceleratorCount: 1,
      region: 'us-east-1',
    });
  });

  it.each(['cpu', 'gpu', 'neuron'] as const)('should filter by acceleratorKind=%s', async (kind) => {
    const res = await app.request(`/v1/instances?region=eu-west-1&acceleratorKind=${kind}`);

    expect(res.status).toBe(200);
    const body = (await res.json()) as { instances: { acceleratorKind: string; region: string }[] };
    expect(body.instances.length).toBeGreaterThan(0);
    expect(body.instances.every((i) => i.acceleratorKind === kind && i.region === 'eu-west-1')).toBe(true);
  });

  it('should answer 422 with a pointer for an invalid acceleratorKind', async () => {
    const res = await app.request('/v1/instances?acceleratorKind=fpga');

    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.[0]?.pointer).toBe('/acceleratorKind');
  });
});

describe('Route: GET /healthz', () => {
  it('should answer 200 when ready', async () => {
    const res = await app.request('/healthz');

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('Route: GET /v1/instances (provenance per row)', () => {
  it('should list Capacity-Block-only types without an on-demand price, saying why', async () => {
    const res = await app.request('/v1/instances?acceleratorKind=gpu');
    const { instances } = (await res.json()) as { instances: Record<string, unknown>[] };
    const p5e = instances.find((i) => i.instanceType === 'p5e.48xlarge');
    expect(p5e?.onDemandHourlyUsd).toBeUndefined();
    expect(p5e?.unavailableReason).toMatch(/Capacity Blocks/);
  });

  it('should flag regional prices derived from us-east-1', async () => {
    const res = await app.request('/v1/instances?region=sa-east-1&acceleratorKind=cpu');
    const { instances } = (await res.json()) as { instances: Record<string, unknown>[] };
    expect(instances.length).toBeGreaterThan(0);
    expect(instances.every((i) => i.onDemandDerived === true)).toBe(true);
  });
});
