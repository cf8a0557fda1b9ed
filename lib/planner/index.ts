export * from './errors.js';
export type * from './input.js';
export type { MissReason, PlanMiss, PlanOption } from './options.js';
export { type PlannerDeps, plan } from './plan.js';
export { acceleratorsUsed } from './plan-common.js';
export * from './result.js';
