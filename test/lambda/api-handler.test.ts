/**
 * The API Lambda with realistic API Gateway HTTP API (payload format 2.0) events.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/api/index.js';

const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  functionName: 'planner-api',
} as Context;

/** A payload v2 event as API Gateway sends it for `$default` stage routes. */
function event(
  method: string,
  path: string,
  overrides: Partial<APIGatewayProxyEventV2> = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      accept: '*/*',
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'vitest',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '20/Jul/2026:12:00:00 +0000',
      timeEpoch: 1_784_548_800_000,
    },
    isBase64Encoded: false,
    ...overrides,
  };
}

const estimateBody = JSON.stringify({
  model: 'llama-3.1-8b',
  hardware: { instanceType: 'g5.xlarge' },
  workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
});

async function invoke(e: APIGatewayProxyEventV2) {
  const result = (await handler(e, context)) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: () => JSON.parse(result.body ?? '') };
}

describe('Function: api handler', () => {
  it('should answer GET /healthz', async () => {
    const res = await invoke(event('GET', '/healthz'));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers?.['x-content-type-options']).toBe('nosniff');
  });

  it('should answer POST /v1/estimates with a JSON body', async () => {
    const res = await invoke(
      event('POST', '/v1/estimates', {
        headers: { ...event('POST', '/').headers, 'content-type': 'application/json' },
        body: estimateBody,
      }),
    );

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ fits: true, assumptions: { engine: 'vllm' } });
  });

  it('should decode a base64-encoded body', async () => {
    const res = await invoke(
      event('POST', '/v1/estimates', {
        headers: { ...event('POST', '/').headers, 'content-type': 'application/json' },
        body: Buffer.from(estimateBody).toString('base64'),
        isBase64Encoded: true,
      }),
    );

    expect(res.statusCode).toBe(200);
    expect(res.json().inference.timePerOutputTokenMs).toBeGreaterThan(0);
  });

  it('should pass query strings through', async () => {
    const res = await invoke(
      event('GET', '/v1/instances', {
        rawQueryString: 'region=eu-west-1&acceleratorKind=neuron',
        queryStringParameters: { region: 'eu-west-1', acceleratorKind: 'neuron' },
      }),
    );

    expect(res.statusCode).toBe(200);
    expect(res.json().pricing.region).toBe('eu-west-1');
  });

  it('should answer 404 problem+json for an unknown route', async () => {
    const res = await invoke(event('GET', '/nope'));

    expect(res.statusCode).toBe(404);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, title: 'Not Found', instance: '/nope' });
  });

  it('should answer 422 problem+json for invalid input', async () => {
    const res = await invoke(
      event('POST', '/v1/estimates', {
        headers: { ...event('POST', '/').headers, 'content-type': 'application/json' },
        body: JSON.stringify({ ...JSON.parse(estimateBody), model: 'no-such-model' }),
      }),
    );

    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ pointer: '/model', message: expect.any(String) }]);
  });

  it('should list the relative server `/` in the OpenAPI document, not the Host header', async () => {
    const res = await invoke(event('GET', '/openapi.json'));

    expect(res.statusCode).toBe(200);
    expect(res.json().servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });
});
