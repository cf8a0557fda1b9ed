/**
 * Shared fixtures of the API tests: one app over the embedded catalog, base requests to spread and
 * override per case, and small request helpers.
 */
import { createApp } from '../../lib/api/index.js';
import { embeddedCatalog } from '../../lib/catalog/index.js';

export const app = createApp({ catalog: embeddedCatalog, logError: () => {} });

export const inferenceEstimate = {
  model: 'llama-3.1-8b',
  hardware: { instanceType: 'g5.xlarge' },
  workload: { kind: 'inference', inputTokens: 512, outputTokens: 256 },
};

/** Llama 3.1 8B's published shapes, given inline instead of by preset id. */
export const llama8bArchitecture = {
  name: 'my-llama',
  parameters: 8.03e9,
  layers: 32,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 8,
  intermediateSize: 14_336,
  vocabSize: 128_256,
};

export const inferencePlan = {
  model: 'llama-3.1-8b',
  region: 'us-east-1',
  workload: {
    kind: 'inference',
    inputTokens: 512,
    outputTokens: 256,
    traffic: { requestsPerSecond: 5 },
    slo: { timeToFirstTokenMs: 1000, timePerOutputTokenMs: 50 },
  },
};

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Reads a problem+json response, checking the RFC 9457 members every problem carries. */
export async function problemOf(res: Response) {
  const body = (await res.json()) as {
    type: string;
    title: string;
    status: number;
    detail?: string;
    instance?: string;
    errors?: { pointer: string; message: string }[];
    nearestMiss?: unknown;
  };
  return { contentType: res.headers.get('content-type'), ...body };
}
