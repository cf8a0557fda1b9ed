/**
 * No hardware in the catalog satisfies the request. `nearestMiss` says what came closest and by
 * how much, so the caller knows what to relax. The API answers 422.
 */
export class NoFeasiblePlanError extends Error {
  override readonly name = 'NoFeasiblePlanError';
  constructor(
    message: string,
    readonly nearestMiss?: { instanceType: string; instanceCount: number; shortfall: string },
  ) {
    super(message);
  }
}
