/**
 * Answers are checked on the way out by the rule every computed response schema of lib/contract
 * carries (`physicalNumbers`): a time, rate, size, count or price that is negative, NaN or infinite
 * is a bug of this service, so it is answered 500 and logged with the offending fields, never sent as
 * if it were an answer. Only that rule runs per request (a few microseconds for a plan); a full
 * schema parse costs about 0.15 ms, and the property tests do it over the whole request space.
 */
import { unphysicalNumbers } from '../contract/schemas.js';

/** The service computed an answer its own contract refuses. */
export class ResponseContractError extends Error {
  override readonly name = 'ResponseContractError';
  constructor(readonly fields: readonly { path: (string | number)[]; value: number }[]) {
    const first = fields
      .slice(0, 5)
      .map((f) => `${f.path.join('.') || '(body)'} = ${f.value}`)
      .join('; ');
    super(`Response has ${fields.length} unphysical number(s): ${first}`);
  }
}

/**
 * `body`, unchanged, when every number in it is finite and non-negative.
 *
 * @throws ResponseContractError otherwise.
 * @example
 * return c.json(checkedResponse(estimate(request)), 200);
 */
export function checkedResponse<T>(body: T): T {
  const bad = unphysicalNumbers(body);
  if (bad.length > 0) throw new ResponseContractError(bad);
  return body;
}
