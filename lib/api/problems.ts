/**
 * RFC 9457 problem details: the one error shape of the API. Every error response, whatever raised
 * it (zod validation, a domain error, Hono's own 400/404/415), is built here.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_BASE = 'https://planner.dev/problems';

/** Problem types of this API; `about:blank` for plain HTTP statuses whose title says it all. */
export const problemTypes = {
  validation: `${PROBLEM_BASE}/validation`,
  malformedJson: `${PROBLEM_BASE}/malformed-json`,
  invalidInput: `${PROBLEM_BASE}/invalid-input`,
  noFeasiblePlan: `${PROBLEM_BASE}/no-feasible-plan`,
  http: 'about:blank',
} as const;

/** One problem with one field: `pointer` is a JSON Pointer into the request body (or query). */
export interface FieldError {
  pointer: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The standard reason phrase, used as the title of `about:blank` problems. */
const reasonPhrases: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return reasonPhrases[status] ?? 'Error';
}

/** Answer with a problem document; the request path becomes `instance` unless one is given. */
export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  const body: Problem = { ...problem, instance: problem.instance ?? c.req.path };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': PROBLEM_CONTENT_TYPE,
  });
}

/** A plain HTTP-status problem (`about:blank`), e.g. 404 or 415. */
export function httpProblem(status: number, detail?: string): Problem {
  return {
    type: problemTypes.http,
    title: reasonPhrase(status),
    status,
    ...(detail !== undefined && { detail }),
  };
}

/** A problem lists at most this many field errors: a hostile body must not get a bigger answer. */
export const MAX_FIELD_ERRORS = 20;

/** 422 with one entry per invalid field: the first `MAX_FIELD_ERRORS`, and how many there are in all. */
export function validationProblem(errors: FieldError[], detail?: string): Problem {
  const count = errors.length;
  const listed = errors.slice(0, MAX_FIELD_ERRORS);
  const fields = `${count} invalid field${count === 1 ? '' : 's'}`;
  return {
    type: problemTypes.validation,
    title: 'Invalid request',
    status: 422,
    detail:
      detail ??
      (count > listed.length
        ? `The request has ${fields}; the first ${listed.length} are listed.`
        : `The request has ${fields}.`),
    errors: listed,
    ...(count > listed.length && { errorCount: count }),
  };
}

/**
 * The caller went away while its body was being read (an aborted upload, a timed-out socket): not a
 * bug of the service, and nobody is left to read an answer.
 */
export function isClientAbort(error: unknown, request: Request): boolean {
  if (request.signal.aborted) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR';
}

/** RFC 6901: `~` and `/` inside a segment are escaped. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

type Issue = z.core.$ZodIssue;

/** Issues that say "this is the wrong shape altogether", as opposed to a wrong value in the right shape. */
function isShapeMismatch(issue: Issue): boolean {
  return (
    issue.code === 'unrecognized_keys' ||
    (issue.code === 'invalid_type' && (issue.path.length === 0 || issue.input === undefined))
  );
}

/**
 * The union branch the caller most likely meant: the one whose issues are least about the shape
 * (missing fields, unknown keys, a different type at the root), then the one with fewest issues.
 */
function mostSpecificBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const score = (issues: readonly Issue[]) => {
    const rootMismatch = issues.some((i) => i.path.length === 0 && i.code === 'invalid_type');
    return [rootMismatch ? 1 : 0, issues.filter(isShapeMismatch).length, issues.length] as const;
  };
  const lexicallyLess = (a: readonly number[], b: readonly number[]) => {
    const i = a.findIndex((v, k) => v !== b[k]);
    return i >= 0 && (a[i] ?? 0) < (b[i] ?? 0);
  };
  let best: readonly Issue[] | undefined;
  let bestScore: readonly number[] = [Number.POSITIVE_INFINITY];
  for (const branch of branches) {
    const s = score(branch);
    if (lexicallyLess(s, bestScore)) {
      best = branch;
      bestScore = s;
    }
  }
  return best;
}

/** Every branch failed at its root: say which types would have been accepted. */
function unionTypeMessage(branches: readonly (readonly Issue[])[]): string | undefined {
  const expected = branches.flatMap((issues) =>
    issues.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [i.expected] : [])),
  );
  if (expected.length !== branches.length) return undefined;
  return `Invalid input: expected ${[...new Set(expected)].join(' or ')}`;
}

function issueErrors(issue: Issue, prefix: readonly PropertyKey[]): FieldError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ pointer: jsonPointer([...path, key]), message: 'Unrecognized key' }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = mostSpecificBranch(issue.errors);
    const rootOnly = branch?.every((i) => i.path.length === 0 && i.code === 'invalid_type');
    if (branch && !rootOnly) return branch.flatMap((i) => issueErrors(i, path));
    return [{ pointer: jsonPointer(path), message: unionTypeMessage(issue.errors) ?? issue.message }];
  }
  return [{ pointer: jsonPointer(path), message: issue.message }];
}

/** Zod issues as `{ pointer, message }` entries, one per problem, union branches resolved. */
export function fieldErrors(error: z.core.$ZodError): FieldError[] {
  return error.issues.flatMap((issue) => issueErrors(issue, []));
}
