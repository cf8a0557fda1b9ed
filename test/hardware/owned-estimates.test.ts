import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { estimateV1 as estimate, resolveModelRef } from '../../lib/contract/estimates.js';
import type { EstimateRequest } from '../../lib/contract/schemas.js';
import { accelerators } from '../../lib/hardware/index.js';
import { bytesPerWeight } from '../../lib/model/index.js';

const deps = { findInstanceSpec };
const owned = accelerators.filter((a) => a.ownedOnly);

const base = { model: 'llama-3.2-1b', hardware: { accelerator: 'rtx-4090', count: 1 } } as const;

describe('Function: estimate on owned hardware', () => {
  it.each(owned.map((a) => [a.id] as const))('%s runs a small model with llama.cpp by default', (id) => {
    const r = estimate(
      {
        ...base,
        precision: 'q4_k_m',
        hardware: { accelerator: id, count: 1 },
        workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
      } as EstimateRequest,
      deps,
    );

    expect(r.assumptions.engine).toBe('llama.cpp');
    expect(r.fits).toBe(true);
    // Batch-1 decode stays under the roofline: bandwidth / weight bytes per token.
    const spec = accelerators.find((a) => a.id === id);
    const bytesPerToken = resolveModelRef('llama-3.2-1b').parameters * bytesPerWeight('q4_k_m');
    expect(r.inference?.decodeTokensPerSecond).toBeLessThan(
      ((spec?.memoryBandwidthGBps ?? 0) * 1e9) / bytesPerToken,
    );
  });

  it.each(owned.map((a) => [a.id] as const))('%s estimates a QLoRA fine-tune', (id) => {
    const r = estimate(
      {
        ...base,
        hardware: { accelerator: id, count: 1 },
        workload: { kind: 'fine-tuning', method: 'qlora', tokens: 1e6 },
      } as EstimateRequest,
      deps,
    );

    expect(r.training?.tokensPerSecond).toBeGreaterThan(0);
  });

  it('should serve a GeForce card with vLLM too, but not a Mac', () => {
    const request = (accelerator: string): EstimateRequest =>
      ({
        ...base,
        hardware: { accelerator, count: 1 },
        engine: 'vllm',
        workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
      }) as EstimateRequest;

    expect(estimate(request('rtx-4090'), deps).fits).toBe(true);
    expect(() => estimate(request('apple-m3-max'), deps)).toThrow(/does not run on/);
  });
});
