/** The planner's JSON API, called relative to the page so it works under any base path. */
import type { AcceleratorListItem, ModelListItem, PlanResponse, Problem } from './types.js';

/** The API answered with a problem document (RFC 9457). */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const problem =
      body && typeof body === 'object' && 'title' in body
        ? (body as Problem)
        : {
            type: 'about:blank',
            title: response.statusText || 'Error',
            status: response.status,
            detail: text.slice(0, 300),
          };
    throw new ProblemError(problem);
  }
  return body as T;
}

export const fetchModels = () => call<ModelListItem[]>('v1/models');
export const fetchAccelerators = () => call<AcceleratorListItem[]>('v1/accelerators');
export const fetchOpenApi = () => call<Record<string, unknown>>('openapi.json');
export const createPlan = (request: unknown) =>
  call<PlanResponse>('v1/plans', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
