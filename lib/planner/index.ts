export * from './errors.js';
export { type PlannerDeps, plan } from './plan.js';
