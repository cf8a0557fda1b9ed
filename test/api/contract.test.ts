/**
 * DESIGN §4 names these fields; callers rely on them. Each must be present in a real answer (the
 * zod schemas could drift from the design without a test that reads the design's list).
 */
import { describe, expect, it } from 'vitest';
import { app, inferenceEstimate, postJson } from './fixtures.js';

function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

const estimateFields = [
  'fits',
  'memory.perDeviceGiB',
  'memory.capacityPerDeviceGiB',
  'memory.devices',
  'memory.breakdownGiB.weights',
  'memory.breakdownGiB.kvCache',
  'memory.breakdownGiB.activations',
  'memory.breakdownGiB.gradients',
  'memory.breakdownGiB.optimizerStates',
  'memory.breakdownGiB.overhead',
  'inference.timeToFirstTokenMs',
  'inference.timePerOutputTokenMs',
  'inference.requestLatencyMs',
  'inference.decodeTokensPerSecond',
  'inference.outputTokensPerSecond',
  'inference.concurrency',
  'inference.maxConcurrency',
  'inference.bottleneck',
  'assumptions.engine',
  'assumptions.tensorParallel',
  'assumptions.memoryBandwidthEfficiency',
  'assumptions.computeEfficiency',
  'notes',
];
const trainingFields = [
  'training.tokensPerSecond',
  'training.hours',
  'training.deviceHours',
  'training.modelFlopsUtilization',
];
const acceleratorFields = [
  'id',
  'name',
  'kind',
  'memoryGiB',
  'memoryBandwidthGBps',
  'peakTflops',
  'interconnect',
];
const instanceFields = [
  'instanceType',
  'vcpus',
  'memoryGiB',
  'acceleratorKind',
  'accelerator',
  'acceleratorCount',
  'onDemandHourlyUsd',
  'region',
];
const pricingFields = ['source', 'asOf', 'region', 'currency', 'stale'];

describe('Contract: DESIGN §4 field names', () => {
  it.each(estimateFields)('POST /v1/estimates (inference) has %s', async (field) => {
    const body = await (await postJson('/v1/estimates', inferenceEstimate)).json();

    expect(valueAt(body, field)).toBeDefined();
  });

  it.each(trainingFields)('POST /v1/estimates (training) has %s', async (field) => {
    const body = await (
      await postJson('/v1/estimates', {
        model: 'llama-3.2-1b',
        hardware: { accelerator: 'h100', count: 8 },
        workload: { kind: 'training', tokens: 1e9 },
      })
    ).json();

    expect(valueAt(body, field)).toBeDefined();
  });

  it('GET /v1/models has id, name and the architecture numbers', async () => {
    const models = (await (await app.request('/v1/models')).json()) as unknown[];

    expect(models.length).toBeGreaterThan(0);
    for (const model of models) {
      for (const field of [
        'id',
        'name',
        'architecture.parameters',
        'architecture.layers',
        'architecture.hiddenSize',
        'architecture.attentionHeads',
      ])
        expect(valueAt(model, field), field).toBeDefined();
    }
  });

  it.each(acceleratorFields)('GET /v1/accelerators items have %s', async (field) => {
    const accelerators = (await (await app.request('/v1/accelerators')).json()) as unknown[];

    for (const accelerator of accelerators) expect(valueAt(accelerator, field)).toBeDefined();
  });

  it.each(instanceFields)('GET /v1/instances GPU items have %s', async (field) => {
    const { instances } = (await (await app.request('/v1/instances?acceleratorKind=gpu')).json()) as {
      instances: { instanceType: string }[];
    };

    const g5 = instances.find((i) => i.instanceType === 'g5.xlarge');
    expect(valueAt(g5, field)).toBeDefined();
  });

  it.each(pricingFields)('GET /v1/instances pricing has %s', async (field) => {
    const body = await (await app.request('/v1/instances')).json();

    expect(valueAt(body, `pricing.${field}`)).toBeDefined();
  });
});
