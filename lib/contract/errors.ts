/**
 * A request that is well-formed but cannot be answered as asked (an unknown model, instance type
 * or region; a layout the hardware cannot run). `pointer` is a JSON Pointer into the request body;
 * the API answers 422 with it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}
