/** Estimates on hardware people own: the installed RAM of a Mac decides what fits. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';

const app = createApp({ catalog: embeddedCatalog });
const estimate = (hardware: unknown) =>
  app.request('/v1/estimates', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'llama-3.1-70b',
      precision: 'q4_k_m',
      hardware,
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
    }),
  });

describe('POST /v1/estimates on owned hardware', () => {
  it('a 70B model at 4 bits fits a 128 GB M3 Max and not a 36 GB one', async () => {
    const big = (await (
      await estimate({ accelerator: 'apple-m3-max', count: 1, memoryGiB: 128 })
    ).json()) as {
      fits: boolean;
      memory: { capacityPerDeviceGiB: number };
    };
    const small = (await (
      await estimate({ accelerator: 'apple-m3-max', count: 1, memoryGiB: 36 })
    ).json()) as {
      fits: boolean;
      memory: { capacityPerDeviceGiB: number };
    };
    expect(big.fits).toBe(true);
    expect(small.fits).toBe(false);
    // macOS lets the GPU use about three quarters of the RAM above 32 GB.
    expect(big.memory.capacityPerDeviceGiB).toBeGreaterThan(90);
    expect(big.memory.capacityPerDeviceGiB).toBeLessThan(128);
  });

  it('a memory size the chip does not ship with is a 422 pointing at it', async () => {
    const res = await estimate({ accelerator: 'apple-m3-max', count: 1, memoryGiB: 20 });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { pointer: string }[] };
    expect(problem.errors[0]?.pointer).toBe('/hardware/memoryGiB');
  });
});
