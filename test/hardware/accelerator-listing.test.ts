import { describe, expect, it } from 'vitest';
import { AcceleratorListItemSchema } from '../../lib/contract/plan.js';
import { app } from '../api/fixtures.js';

async function list() {
  const res = await app.request('/v1/accelerators');
  expect(res.status).toBe(200);
  return ((await res.json()) as unknown[]).map((a) => AcceleratorListItemSchema.parse(a));
}

describe('Route: GET /v1/accelerators (owned hardware and capabilities)', () => {
  it('should list the owned-only rows with their hardware class', async () => {
    const items = await list();
    const rtx = items.find((a) => a.id === 'rtx-4090');
    const mac = items.find((a) => a.id === 'apple-m3-max');

    expect(rtx).toMatchObject({
      kind: 'gpu',
      hardwareClass: 'consumer-gpu',
      ownedOnly: true,
      vendor: 'NVIDIA',
    });
    expect(mac).toMatchObject({
      kind: 'gpu',
      hardwareClass: 'apple-silicon',
      ownedOnly: true,
      memoryOptionsGB: [48, 64, 128],
      capabilities: { poolable: false, nativePrecisions: ['fp32', 'fp16'] },
    });
  });

  it('should not flag EC2 accelerators owned-only, and show their capabilities', async () => {
    const items = await list();
    const t4 = items.find((a) => a.id === 't4');
    const inf2 = items.find((a) => a.id === 'inferentia2');

    expect(t4?.ownedOnly).toBeUndefined();
    expect(t4?.capabilities?.nativePrecisions).not.toContain('bf16');
    expect(inf2?.capabilities).toMatchObject({
      shardingUnit: { kind: 'neuron-core', perDevice: 2 },
      padsAttentionHeads: true,
    });
    for (const a of items) expect(a.source, a.id).toBeTruthy();
  });
});
