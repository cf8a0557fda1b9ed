/** The RFC 9457 shape every error of the API must have (DESIGN §4, lib/api/problems.ts). */
import { expect } from 'vitest';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { pointer: string; message: string }[];
  nearestMiss?: unknown;
}

/** Asserts `res` is a problem+json document whose status matches the HTTP status; returns its body. */
export async function expectProblem(res: Response): Promise<ProblemBody> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as ProblemBody;
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: res.status,
    detail: expect.any(String),
  });
  expect(body.detail.length).toBeGreaterThan(0);
  // never a stack trace
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at .+:\d+:\d+/);
  for (const e of body.errors ?? []) {
    expect(e.pointer === '' || e.pointer.startsWith('/')).toBe(true);
    expect(e.message).toEqual(expect.any(String));
  }
  return body;
}
