/**
 * The requests the bench times: one realistic body per workload kind of DESIGN §4, each planned over
 * the whole embedded catalog (no constraints narrowing the search).
 */
import type { PlanRequest } from '../../lib/contract/plan.js';
import type { EstimateRequest } from '../../lib/contract/schemas.js';

export interface PlanCase {
  name: string;
  request: PlanRequest;
  /** One of the worst valid requests known: timed against its own target (10 ms), not the 5 ms one. */
  worstCase?: boolean;
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
  {
    name: 'team: 3,000 requests/day over 10 h, an owned GPU',
    request: {
      model: 'llama-3.1-8b',
      precision: 'auto',
      owned: [{ accelerator: 'rtx-3060-12gb' }],
      workload: {
        kind: 'inference',
        inputTokens: 1000,
        outputTokens: 300,
        traffic: { requestsPerDay: 3000, activeHoursPerDay: 10 },
      },
    },
  },
  {
    name: 'batch: 10M documents within 72 h',
    request: {
      model: 'llama-3.1-8b',
      precision: 'auto',
      workload: { kind: 'batch', inputTokens: 1000, outputTokens: 200, requests: 1e7, deadlineHours: 72 },
    },
  },
  // The worst valid requests known (issue 14): searches that find nothing, or need the most work.
  {
    name: 'worst: training a 2-trillion-parameter model nothing holds',
    worstCase: true,
    request: {
      model: {
        name: 'huge',
        parameters: 2e12,
        layers: 200,
        hiddenSize: 32768,
        attentionHeads: 256,
        intermediateSize: 131072,
        vocabSize: 256000,
      },
      workload: { kind: 'training', tokens: 1e12, deadlineHours: 24 },
    },
  },
  {
    name: 'worst: full fine-tune of 405B within 1 h',
    worstCase: true,
    request: {
      model: 'llama-3.1-405b',
      workload: { kind: 'fine-tuning', method: 'full', tokens: 1e9, deadlineHours: 1 },
    },
  },
  {
    name: 'worst: 405B at 5,000 requests/s, auto precision',
    worstCase: true,
    request: {
      model: 'llama-3.1-405b',
      precision: 'auto',
      workload: {
        kind: 'inference',
        inputTokens: 4000,
        outputTokens: 1000,
        traffic: { requestsPerSecond: 5000 },
      },
    },
  },
  {
    name: 'worst: batch of 1e11 requests within 1 h',
    worstCase: true,
    request: {
      model: 'llama-3.1-70b',
      precision: 'auto',
      workload: { kind: 'batch', inputTokens: 4000, outputTokens: 1000, requests: 1e11, deadlineHours: 1 },
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
