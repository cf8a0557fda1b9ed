export * from './errors.js';
export type * from './input.js';
export type { MissReason, PlanMiss, PlanOption } from './options.js';
export { acceleratorsUsed, type PlannerDeps, plan } from './plan.js';
export * from './result.js';
