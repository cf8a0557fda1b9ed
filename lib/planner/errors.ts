import type { PlanMiss } from './options.js';

/**
 * No hardware in the catalog satisfies the request. `nearestMiss` says what came closest and by
 * how much (as data), so the caller knows what to relax; lib/contract words it and the API answers 422.
 */
export class NoFeasiblePlanError extends Error {
  override readonly name = 'NoFeasiblePlanError';
  constructor(
    readonly region: string,
    readonly nearestMiss?: PlanMiss,
  ) {
    super(`No hardware in ${region} satisfies the request`);
  }
}
