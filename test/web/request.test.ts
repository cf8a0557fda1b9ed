/**
 * The page's pure parts: form values to a POST /v1/plans body and back (the link that reproduces a
 * plan), the curl command, and which request fields the API behind the page accepts (read from its
 * OpenAPI document, checked against the contract's own schema).
 */
import { describe, expect, it } from 'vitest';
import { PlanRequestSchema, PlanWorkloadSchema, TrafficSchema } from '../../lib/contract/plan.js';
import { capabilitiesOf } from '../../web/src/capabilities.js';
import {
  curlCommand,
  defaultValues,
  FormInputError,
  type FormValues,
  planRequestOf,
  requestFromQuery,
  requestQuery,
  valuesOfRequest,
} from '../../web/src/request.js';
import { app } from '../api/fixtures.js';

const values = (overrides: Partial<FormValues>): FormValues => ({ ...defaultValues, ...overrides });

describe('Function: planRequestOf', () => {
  it.each([
    [
      'one person chatting',
      values({}),
      { model: 'llama-3.1-8b', workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 } },
    ],
    [
      'traffic per day with active hours and an SLO',
      values({ rate: '20000', rateUnit: 'day', activeHours: '10', ttftMs: '500', region: ' eu-west-1 ' }),
      {
        model: 'llama-3.1-8b',
        region: 'eu-west-1',
        workload: {
          kind: 'inference',
          inputTokens: 512,
          outputTokens: 256,
          traffic: { requestsPerDay: 20000, activeHoursPerDay: 10 },
          slo: { timeToFirstTokenMs: 500 },
        },
      },
    ],
    [
      'a QLoRA fine-tune',
      values({ kind: 'fine-tuning', method: 'qlora', tokens: '5e7', deadlineHours: '12', precision: 'auto' }),
      {
        model: 'llama-3.1-8b',
        precision: 'auto',
        workload: { kind: 'fine-tuning', method: 'qlora', tokens: 5e7, deadlineHours: 12 },
      },
    ],
    [
      'a batch job on owned hardware',
      values({
        kind: 'batch',
        requests: '1e6',
        deadlineHours: '24',
        owned: [{ accelerator: 'rtx-4090', count: '2', memoryGiB: '', label: 'my desktop' }],
      }),
      {
        model: 'llama-3.1-8b',
        workload: { kind: 'batch', inputTokens: 512, outputTokens: 256, requests: 1e6, deadlineHours: 24 },
        owned: [{ accelerator: 'rtx-4090', count: 2, label: 'my desktop' }],
      },
    ],
    [
      'a spend limit on spot',
      values({ maxHourlyUsd: '2.5', purchaseOption: 'spot' }),
      {
        model: 'llama-3.1-8b',
        workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
        constraints: { maxHourlyUsd: 2.5, purchaseOption: 'spot' },
      },
    ],
    [
      'a Mac with its installed memory',
      values({ owned: [{ accelerator: 'apple-m4-max', count: '1', memoryGiB: '64', label: '' }] }),
      {
        model: 'llama-3.1-8b',
        workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
        owned: [{ accelerator: 'apple-m4-max', count: 1, memoryGiB: 64 }],
      },
    ],
  ])('should describe %s', (_, form, expected) => {
    expect(planRequestOf(form)).toEqual(expected);
  });

  it('should send text that is not a number as typed, for the API to name the field', () => {
    expect(planRequestOf(values({ outputTokens: 'lots' })).workload).toMatchObject({ outputTokens: 'lots' });
  });

  it('should send a pasted config.json as model.huggingFace, and refuse text that is not JSON', () => {
    expect(planRequestOf(values({ modelSource: 'config', modelConfig: '{"hidden_size": 8}' })).model).toEqual(
      {
        huggingFace: { hidden_size: 8 },
      },
    );
    expect(() => planRequestOf(values({ modelSource: 'config', modelConfig: '{ nope' }))).toThrow(
      FormInputError,
    );
  });
});

describe('Function: valuesOfRequest', () => {
  it.each([
    values({ rate: '5', ttftMs: '800', tpotMs: '40', region: 'us-west-2' }),
    values({ rate: '20000', rateUnit: 'day', activeHours: '8' }),
    values({ kind: 'training', tokens: '1000000000', sequenceLength: '4096', deadlineHours: '48' }),
    values({ modelSource: 'config', modelConfig: JSON.stringify({ num_hidden_layers: 2 }, null, 2) }),
    values({ kind: 'batch', requests: '1000000', deadlineHours: '24', maxHourlyUsd: '10' }),
    values({
      purchaseOption: 'spot',
      owned: [{ accelerator: 'rtx-4090', count: '2', memoryGiB: '', label: 'pc' }],
    }),
  ])('should give back the form a request came from (%#)', (form) => {
    const request = planRequestOf(form);
    const back = valuesOfRequest(JSON.parse(JSON.stringify(request)));
    expect(planRequestOf(back.values)).toEqual(request);
    expect(back.ignored).toEqual([]);
  });

  it('should name the parts of a request the form cannot show', () => {
    const { ignored } = valuesOfRequest({
      model: { layers: 2, hiddenSize: 8, attentionHeads: 2 },
      engine: 'vllm',
      workload: { kind: 'inference', inputTokens: 1, outputTokens: 1, traffic: { concurrentRequests: 3 } },
      constraints: { maxHourlyUsd: 3, acceleratorKinds: ['gpu'] },
    });
    expect(ignored).toEqual([
      '/engine',
      '/model',
      '/workload/traffic/concurrentRequests',
      '/constraints/acceleratorKinds',
    ]);
  });

  it('should round-trip through the link query', () => {
    const request = planRequestOf(values({ rate: '3' }));
    expect(requestFromQuery(requestQuery(request))).toEqual(request);
    expect(requestFromQuery('?request=%7Bnot-json')).toBeUndefined();
  });
});

describe('Function: curlCommand', () => {
  it('should quote the body for a POSIX shell', () => {
    const command = curlCommand({ owned: [{ label: "Kim's PC" }] }, 'http://localhost:3000/v1/plans');
    expect(command).toBe(
      `curl -s 'http://localhost:3000/v1/plans' -H 'content-type: application/json' -d '{"owned":[{"label":"Kim'\\''s PC"}]}'`,
    );
  });

  it('should sign with --aws-sigv4 for the deployed API behind planner ui', () => {
    const command = curlCommand({}, 'http://127.0.0.1:3000/v1/plans', {
      url: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
      region: 'eu-west-1',
    });
    expect(command).toContain(`--aws-sigv4 'aws:amz:eu-west-1:execute-api'`);
    expect(command).toContain(`'https://abc.execute-api.eu-west-1.amazonaws.com/v1/plans'`);
  });
});

describe('Function: capabilitiesOf', () => {
  it('should read from the API\u2019s OpenAPI document what its contract accepts', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;

    const can = capabilitiesOf(doc);

    expect([...can.kinds].sort()).toEqual(PlanWorkloadSchema.options.map((o) => o.shape.kind.value).sort());
    expect(can.owned).toBe('owned' in PlanRequestSchema.shape);
    expect(can.activeHours).toBe('activeHoursPerDay' in TrafficSchema.shape);
    expect(can.constraints).toBe(true);
    expect(can.kinds.has('batch')).toBe(true);
  });
});
