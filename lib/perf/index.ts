export * from './efficiency.js';
export * from './errors.js';
export * from './estimate.js';
export { type InferenceEstimator, type InferenceSummary, precisionProblem } from './estimate-inference.js';
export type * from './notes.js';
export type * from './result.js';
export * from './target.js';
export * from './training-efficiency.js';
export * from './workloads.js';
