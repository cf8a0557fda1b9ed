/**
 * Requests whose answers are recorded in `answers.json` (`npm run golden:record`) and compared byte
 * for byte by `answers.test.ts`: the calibration cases, the README examples and the seed-rule
 * requests. A change that moves an answer on purpose re-records the file, and the diff shows what moved.
 */
import { readFileSync } from 'node:fs';

const chat = { kind: 'inference', inputTokens: 512, outputTokens: 256 } as const;

interface GoldenRequest {
  id: string;
  route: '/v1/estimates' | '/v1/plans';
  body: unknown;
}

const calibrationFiles = ['test/calibration/cases.json', 'test/calibration/cases-2.json'];

function calibrationRequests(): GoldenRequest[] {
  return calibrationFiles.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    return (JSON.parse(text) as { id: string; request: unknown }[]).map((c) => ({
      id: `calibration ${c.id}`,
      route: '/v1/estimates' as const,
      body: c.request,
    }));
  });
}

const readme: GoldenRequest[] = [
  {
    id: 'readme: personal 8B, auto precision',
    route: '/v1/plans',
    body: { model: 'llama-3.1-8b', precision: 'auto', workload: chat },
  },
  {
    id: 'readme: customer-facing 20 req/s',
    route: '/v1/plans',
    body: {
      model: 'llama-3.1-8b',
      workload: {
        kind: 'inference',
        inputTokens: 1024,
        outputTokens: 256,
        traffic: { requestsPerSecond: 20 },
        slo: { timeToFirstTokenMs: 500, timePerOutputTokenMs: 40 },
      },
    },
  },
  {
    id: 'readme: 70B fp8 on p5.48xlarge',
    route: '/v1/estimates',
    body: {
      model: 'llama-3.1-70b',
      precision: 'fp8',
      hardware: { instanceType: 'p5.48xlarge' },
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 256, concurrency: 'max' },
    },
  },
  {
    id: 'readme: QLoRA inline 13B',
    route: '/v1/plans',
    body: {
      model: {
        name: 'my-13b',
        layers: 40,
        hiddenSize: 5120,
        attentionHeads: 40,
        intermediateSize: 13824,
        vocabSize: 32000,
      },
      workload: { kind: 'fine-tuning', method: 'qlora', tokens: 5e7, deadlineHours: 12 },
    },
  },
  {
    id: 'readme: estimate 8B on g5.xlarge',
    route: '/v1/estimates',
    body: {
      model: 'llama-3.1-8b',
      precision: 'bf16',
      hardware: { instanceType: 'g5.xlarge' },
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
    },
  },
  {
    id: 'readme: mixtral on 2x h100',
    route: '/v1/estimates',
    body: {
      model: 'mixtral-8x7b',
      hardware: { accelerator: 'h100', count: 2 },
      workload: { kind: 'inference', inputTokens: 1000, outputTokens: 200, concurrency: 'max' },
    },
  },
  {
    id: 'readme: LoRA 70B within 24 h',
    route: '/v1/plans',
    body: {
      model: 'llama-3.1-70b',
      workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e8, deadlineHours: 24 },
    },
  },
  {
    id: 'readme: 1B at 20 req/s',
    route: '/v1/plans',
    body: {
      model: 'llama-3.2-1b',
      workload: { ...chat, traffic: { requestsPerSecond: 20 }, slo: { timeToFirstTokenMs: 500 } },
    },
  },
];

const seedRules: GoldenRequest[] = [
  ...(['llama-3.2-1b', 'llama-3.2-3b', 'phi-3-mini'] as const).map((model) => ({
    id: `seed: small model ${model} for one person`,
    route: '/v1/plans' as const,
    body: { model, precision: 'auto', workload: chat },
  })),
  ...(
    [
      ['gemma-2-27b', 'bf16'],
      ['llama-3.1-70b', 'bf16'],
      ['gemma-2-27b', 'auto'],
      ['qwen2.5-72b', 'auto'],
    ] as const
  ).map(([model, precision]) => ({
    id: `seed: >10B ${model} ${precision} for one person`,
    route: '/v1/plans' as const,
    body: { model, precision, workload: chat },
  })),
  ...[{ requestsPerSecond: 20 }, { concurrentRequests: 200 }, { requestsPerDay: 2_000_000 }].map(
    (traffic) => ({
      id: `seed: customer-facing 1B ${JSON.stringify(traffic)}`,
      route: '/v1/plans' as const,
      body: { model: 'llama-3.2-1b', workload: { ...chat, traffic } },
    }),
  ),
  ...['llama-3.2-1b', 'llama-3.1-8b', 'mistral-7b'].map((model) => ({
    id: `seed: training ${model}`,
    route: '/v1/plans' as const,
    body: { model, workload: { kind: 'training', tokens: 1e9 } },
  })),
  {
    id: 'seed: LoRA 1B on CPU within 24 h',
    route: '/v1/plans',
    body: {
      model: 'llama-3.2-1b',
      workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e7, deadlineHours: 24 },
      constraints: { acceleratorKinds: ['cpu'] },
    },
  },
  {
    id: 'seed: LoRA 1B, deadline no CPU meets',
    route: '/v1/plans',
    body: {
      model: 'llama-3.2-1b',
      workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e9, deadlineHours: 0.01 },
      constraints: { acceleratorKinds: ['cpu'] },
    },
  },
  {
    id: 'seed: full fine-tune 70B',
    route: '/v1/plans',
    body: { model: 'llama-3.1-70b', workload: { kind: 'fine-tuning', method: 'full', tokens: 1e8 } },
  },
  {
    id: 'seed: 405B under $5/h (no feasible plan)',
    route: '/v1/plans',
    body: { model: 'llama-3.1-405b', precision: 'bf16', workload: chat, constraints: { maxHourlyUsd: 5 } },
  },
  {
    id: 'seed: LoRA 1B, no deadline',
    route: '/v1/plans',
    body: { model: 'llama-3.2-1b', workload: { kind: 'fine-tuning', method: 'lora', tokens: 1e7 } },
  },
  {
    id: 'seed: 8B int4 for one person',
    route: '/v1/plans',
    body: { model: 'llama-3.1-8b', precision: 'int4', workload: chat },
  },
  {
    id: 'seed: pre-training 8B in 24 h',
    route: '/v1/plans',
    body: { model: 'llama-3.1-8b', workload: { kind: 'training', tokens: 1e11, deadlineHours: 24 } },
  },
  {
    id: 'seed: mixtral auto at 5 req/s',
    route: '/v1/plans',
    body: {
      model: 'mixtral-8x7b',
      precision: 'auto',
      workload: { ...chat, traffic: { requestsPerSecond: 5 } },
    },
  },
  {
    id: 'seed: mistral 300 concurrent',
    route: '/v1/plans',
    body: {
      model: 'mistral-7b',
      workload: {
        ...chat,
        traffic: { concurrentRequests: 300 },
        slo: { timeToFirstTokenMs: 1000, timePerOutputTokenMs: 50 },
      },
    },
  },
  {
    id: 'seed: 8B in eu-west-1 on spot',
    route: '/v1/plans',
    body: {
      model: 'llama-3.1-8b',
      region: 'eu-west-1',
      workload: chat,
      constraints: { purchaseOption: 'spot' },
    },
  },
];

export function goldenRequests(): GoldenRequest[] {
  return [...calibrationRequests(), ...readme, ...seedRules];
}
