/**
 * Physical upper bounds to check an estimate against, from the hardware spec tables and the model's
 * parameter count alone (not from the estimator's efficiencies):
 * - a decode step of one sequence reads every active weight at least once, so one stream's tokens/s
 *   x weight bytes <= the memory bandwidth of the devices of one replica;
 * - every token passes through the active weights: 2 FLOPs per weight forward (so the first token of
 *   an n-token prompt needs 2 x weights x n FLOPs on one replica), 6 in training, at least 4 when only
 *   adapters train; tokens/s x FLOPs per token <= devices x peak FLOP/s.
 * The embeddings are left out of the weights (a lookup, not a matmul), which only loosens the bounds.
 */
import { expect } from 'vitest';
import { findInstanceSpec } from '../../lib/catalog/index.js';
import { resolveModelRef, resolveHardware as resolveTarget } from '../../lib/contract/estimates.js';
import type { EstimateResponse, Hardware, ModelRef } from '../../lib/contract/schemas.js';
import { bytesPerWeight } from '../../lib/model/index.js';

/** Slack for the rounding of response values (3-4 decimals). */
const SLACK = 1.001;

export interface LimitContext {
  model: ModelRef;
  hardware: Hardware;
  /** Prompt tokens (inference): checks the time to first token. */
  inputTokens?: number;
  fineTuningMethod?: 'full' | 'lora' | 'qlora';
}

export function expectWithinPhysicalLimits(ctx: LimitContext, e: EstimateResponse): void {
  const m = resolveModelRef(ctx.model);
  const target = resolveTarget(ctx.hardware, findInstanceSpec);
  const matmulWeights = Math.max(0, m.activeParameters - 2 * (m.vocabSize ?? 0) * m.hiddenSize);
  const p = target.peakTflops;
  const peakFlops = Math.max(p.fp32, p.fp16, p.bf16, p.fp8 ?? 0, p.int8 ?? 0) * 1e12;
  const a = e.assumptions;
  const replicaDevices = a.tensorParallel * a.pipelineParallel;
  expect(replicaDevices * a.dataParallel).toBeLessThanOrEqual(target.devices);

  if (e.inference) {
    const weightBytes = matmulWeights * bytesPerWeight(a.precision);
    const replicaBandwidth = replicaDevices * target.memoryBandwidthGBps * 1e9;
    expect(e.inference.decodeTokensPerSecond * weightBytes).toBeLessThanOrEqual(replicaBandwidth * SLACK);
    expect(e.inference.outputTokensPerSecond * 2 * matmulWeights).toBeLessThanOrEqual(
      target.devices * peakFlops * SLACK,
    );
    if (ctx.inputTokens !== undefined) {
      const prefillSeconds = (2 * matmulWeights * ctx.inputTokens) / (replicaDevices * peakFlops);
      expect(e.inference.timeToFirstTokenMs * SLACK).toBeGreaterThanOrEqual(prefillSeconds * 1000);
    }
  }
  if (e.training) {
    const adaptersOnly = ctx.fineTuningMethod === 'lora' || ctx.fineTuningMethod === 'qlora';
    const flopsPerToken = (adaptersOnly ? 4 : 6) * matmulWeights;
    expect(e.training.tokensPerSecond * flopsPerToken).toBeLessThanOrEqual(
      target.devices * peakFlops * SLACK,
    );
  }
}
