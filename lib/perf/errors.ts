/**
 * A request that is well-formed but cannot be estimated as asked (unknown model or instance, an
 * engine that does not run on the hardware, a parallelism that does not divide the devices).
 * `pointer` is a JSON Pointer into the request body; the API turns this into a 422 problem.
 */
export class EstimateInputError extends Error {
  override readonly name = 'EstimateInputError';
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}
