import { describe, expect, it } from 'vitest';
import { createPlannerClient, PlannerApiError } from '../../lib/client/index.js';
import { app, inferenceEstimate } from './fixtures.js';

/** The client over the in-memory app: the custom fetch is also how callers sign requests. */
function clientWithLog() {
  const seen: Request[] = [];
  const client = createPlannerClient({
    baseUrl: 'http://planner.test',
    fetch: async (input, init) => {
      const request = new Request(input, init);
      seen.push(request.clone());
      return app.request(request);
    },
    headers: { 'x-caller': 'test' },
  });
  return { client, seen };
}

describe('Client: createPlannerClient', () => {
  it('should post an estimate through the custom fetch and return the typed body', async () => {
    const { client, seen } = clientWithLog();

    const estimate = await client.estimate({
      model: 'llama-3.1-8b',
      hardware: { instanceType: 'g5.xlarge' },
      workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
    });

    expect(estimate.fits).toBe(true);
    expect(estimate.inference?.timePerOutputTokenMs).toBeGreaterThan(0);
    expect(seen[0]?.url).toBe('http://planner.test/v1/estimates');
    expect(seen[0]?.headers.get('x-caller')).toBe('test');
  });

  it('should list models, accelerators and instances', async () => {
    const { client } = clientWithLog();

    const [models, accelerators, instances] = await Promise.all([
      client.models(),
      client.accelerators(),
      client.instances({ region: 'us-east-1', acceleratorKind: 'neuron' }),
    ]);

    expect(models.length).toBeGreaterThan(0);
    expect(accelerators.length).toBeGreaterThan(0);
    expect(instances.instances.every((i) => i.acceleratorKind === 'neuron')).toBe(true);
    expect(instances.pricing.currency).toBe('USD');
  });

  it('should reject with PlannerApiError carrying the problem', async () => {
    const { client } = clientWithLog();

    const error = await client
      .estimate({ ...inferenceEstimate, model: 'no-such-model' } as never)
      .catch((e) => e);

    expect(error).toBeInstanceOf(PlannerApiError);
    expect(error.status).toBe(422);
    expect(error.problem.errors).toEqual([{ pointer: '/model', message: expect.any(String) }]);
  });
});
