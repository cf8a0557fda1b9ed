/**
 * The requests the bench times: one realistic body per workload kind of DESIGN §4, each planned over
 * the whole embedded catalog (no constraints narrowing the search).
 */
import type { PlanRequest } from '../../lib/contract/plan.js';
import type { EstimateRequest } from '../../lib/contract/schemas.js';

export interface PlanCase {
  name: string;
  request: PlanRequest;
}

/** Customer-facing serving: the body the load test posts, the kind a service would see most. */
export const customerFacingPlan: PlanRequest = {
  model: 'llama-3.1-8b',
  region: 'us-east-1',
  workload: {
    kind: 'inference',
    inputTokens: 512,
    outputTokens: 256,
    traffic: { requestsPerSecond: 20 },
    slo: { timeToFirstTokenMs: 1000, timePerOutputTokenMs: 50 },
  },
};

export const planCases: readonly PlanCase[] = [
  {
    name: 'personal inference, precision auto',
    request: {
      model: 'llama-3.1-8b',
      precision: 'auto',
      workload: { kind: 'inference', inputTokens: 1024, outputTokens: 256 },
    },
  },
  { name: 'customer-facing inference, 20 req/s', request: customerFacingPlan },
  {
    name: 'training, 20B tokens in 72 h',
    request: {
      model: 'llama-3.1-8b',
      workload: { kind: 'training', tokens: 2e10, sequenceLength: 4096, deadlineHours: 72 },
    },
  },
  {
    name: 'LoRA fine-tuning, 50M tokens in 24 h',
    request: {
      model: 'llama-3.1-8b',
      workload: { kind: 'fine-tuning', method: 'lora', tokens: 5e7, deadlineHours: 24 },
    },
  },
];

export const estimateCase: { name: string; request: EstimateRequest } = {
  name: 'estimate: llama-3.1-8b on g5.xlarge, 512 in / 256 out',
  request: {
    model: 'llama-3.1-8b',
    hardware: { instanceType: 'g5.xlarge' },
    workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
  },
};
