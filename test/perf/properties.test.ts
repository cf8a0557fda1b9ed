import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { InputError } from '../../lib/contract/errors.js';
import {
  estimateV1 as estimate,
  resolveModelRef,
  resolveHardware as resolveTarget,
} from '../../lib/contract/estimates.js';
import type { EstimateRequest, ModelArchitecture, Precision } from '../../lib/contract/schemas.js';
import { accelerators } from '../../lib/hardware/index.js';
import { bytesPerWeight, parametersReadPerStep, resolveModel } from '../../lib/model/index.js';

const deps = { findInstanceSpec };

/** Estimate, or undefined when the combination is (rightly) rejected as input. */
function tryEstimate(req: EstimateRequest) {
  try {
    return estimate(req, deps);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

const architecture: fc.Arbitrary<ModelArchitecture> = fc
  .record({
    layers: fc.integer({ min: 1, max: 96 }),
    heads: fc.constantFrom(8, 16, 32, 64),
    headDim: fc.constantFrom(64, 128),
    kvDivisor: fc.constantFrom(1, 2, 4, 8),
    ffnRatio: fc.double({ min: 2, max: 4, noNaN: true }),
    vocabSize: fc.integer({ min: 1000, max: 256_000 }),
  })
  .map(({ layers, heads, headDim, kvDivisor, ffnRatio, vocabSize }) => ({
    layers,
    hiddenSize: heads * headDim,
    attentionHeads: heads,
    kvHeads: heads / kvDivisor,
    intermediateSize: Math.round(heads * headDim * ffnRatio),
    vocabSize,
  }));

const model = fc.oneof(
  fc.constantFrom('llama-3.2-1b', 'llama-3.1-8b', 'mixtral-8x7b', 'gemma-2-9b', 'qwen2.5-72b'),
  architecture,
);
const gpuHardware = fc.record({
  accelerator: fc.constantFrom(...accelerators.map((a) => a.id)),
  count: fc.constantFrom(1, 2, 4, 8),
});
const cpuHardware = fc.record({
  instanceType: fc.constantFrom('c7g.xlarge', 'r7g.16xlarge', 'm7i.8xlarge', 'c7a.4xlarge'),
});
const gpuPrecision = fc.constantFrom<Precision>('bf16', 'fp16', 'fp8', 'int8', 'int4');
const cpuPrecision = fc.constantFrom<Precision>('bf16', 'q8_0', 'q6_k', 'q4_k_m', 'q4_0', 'q3_k_m');

const inferenceRequest: fc.Arbitrary<EstimateRequest> = fc
  .oneof(
    fc.record({ model, hardware: gpuHardware, precision: gpuPrecision }),
    fc.record({ model, hardware: cpuHardware, precision: cpuPrecision }),
  )
  .chain((r) =>
    fc
      .record({
        inputTokens: fc.integer({ min: 1, max: 8192 }),
        outputTokens: fc.integer({ min: 1, max: 2048 }),
        concurrency: fc.oneof(fc.integer({ min: 1, max: 512 }), fc.constant<'max'>('max')),
      })
      .map((w) => ({ ...r, workload: { kind: 'inference' as const, ...w } })),
  );

const runs = { numRuns: 300, seed: 20261126 };

describe('Property: no estimate beats the physical limit', () => {
  it('decode speed never exceeds memory bandwidth / bytes read per token', () => {
    fc.assert(
      fc.property(inferenceRequest, (req) => {
        const r = tryEstimate(req);
        if (!r?.inference) return;
        const m = resolveModelRef(req.model);
        const target = resolveTarget(req.hardware, findInstanceSpec);
        const bytesPerToken = parametersReadPerStep(m, 1) * bytesPerWeight(r.assumptions.precision);
        const bandwidth = target.memoryBandwidthGBps * 1e9 * r.assumptions.tensorParallel;
        expect(r.inference.decodeTokensPerSecond).toBeLessThanOrEqual((bandwidth / bytesPerToken) * 1.0001);
      }),
      runs,
    );
  });

  it('training never exceeds devices x peak / (6 x active parameters) tokens/s', () => {
    const training = fc.record({
      model,
      hardware: fc.record({
        accelerator: fc.constantFrom('a100-80gb', 'h100', 'l40s', 'trainium', 'b200'),
        count: fc.integer({ min: 1, max: 4096 }),
      }),
      precision: fc.constantFrom<Precision>('bf16', 'fp8', 'fp32'),
      workload: fc.record({
        kind: fc.constant('training' as const),
        tokens: fc.double({ min: 1e6, max: 1e13, noNaN: true }),
        sequenceLength: fc.constantFrom(512, 2048, 8192),
      }),
    });
    fc.assert(
      fc.property(training, (req) => {
        const r = tryEstimate(req);
        if (!r?.training) return;
        const target = resolveTarget(req.hardware, findInstanceSpec);
        const p = target.peakTflops;
        const peak = Math.max(p.fp32, p.fp16, p.bf16, p.fp8 ?? 0) * 1e12;
        const n = resolveModelRef(req.model).activeParameters;
        expect(r.training.tokensPerSecond).toBeLessThanOrEqual(((target.devices * peak) / (6 * n)) * 1.0001);
      }),
      runs,
    );
  });
});

describe('Property: more memory demand never turns a misfit into a fit', () => {
  it('more tokens, more sequences or more bits per weight', () => {
    const grow = fc.record({
      extraInput: fc.integer({ min: 0, max: 100_000 }),
      extraOutput: fc.integer({ min: 0, max: 10_000 }),
      extraConcurrency: fc.integer({ min: 0, max: 1000 }),
      morePrecise: fc.boolean(),
    });
    fc.assert(
      fc.property(inferenceRequest, grow, (req, g) => {
        const w = req.workload;
        if (w.kind !== 'inference' || typeof w.concurrency !== 'number') return;
        const small = tryEstimate(req);
        const bigger: EstimateRequest = {
          ...req,
          precision: g.morePrecise && req.precision !== 'fp32' ? 'fp32' : req.precision,
          workload: {
            ...w,
            inputTokens: w.inputTokens + g.extraInput,
            outputTokens: w.outputTokens + g.extraOutput,
            concurrency: w.concurrency + g.extraConcurrency,
          },
        };
        const big = tryEstimate(bigger);
        if (!small || !big) return;
        if (!small.fits) expect(big.fits).toBe(false);
      }),
      runs,
    );
  });

  it('a bigger model of the same shape family', () => {
    fc.assert(
      fc.property(
        architecture,
        fc.integer({ min: 1, max: 64 }),
        gpuHardware,
        (arch, extraLayers, hardware) => {
          const workload = { kind: 'inference' as const, inputTokens: 1024, outputTokens: 256 };
          const small = tryEstimate({ model: arch, hardware, workload });
          const big = tryEstimate({
            model: { ...arch, layers: arch.layers + extraLayers },
            hardware,
            workload,
          });
          if (!small || !big) return;
          expect(resolveModel({ ...arch, layers: arch.layers + extraLayers }).parameters).toBeGreaterThan(
            resolveModel(arch).parameters,
          );
          if (!small.fits) expect(big.fits).toBe(false);
        },
      ),
      runs,
    );
  });
});
