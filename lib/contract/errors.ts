/**
 * A request that is well-formed but cannot be answered as asked (an unknown model, instance type
 * or region; a layout the hardware cannot run). `pointer` is a JSON Pointer into the request body;
 * the API answers 422 with it. When several fields are at fault (two unknown accelerators in
 * `owned`), `problems` lists each; the first is `pointer` and `message`.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly problems: readonly FieldProblem[];
  constructor(
    readonly pointer: string,
    message: string,
    more: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.problems = [{ pointer, message }, ...more];
  }

  /** One error for every field at fault, the first as its headline. */
  static of(problems: readonly [FieldProblem, ...FieldProblem[]]): InputError {
    const [first, ...rest] = problems;
    return new InputError(first.pointer, first.message, rest);
  }
}

export interface FieldProblem {
  pointer: string;
  message: string;
}
