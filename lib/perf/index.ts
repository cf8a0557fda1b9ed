export * from './efficiency.js';
export * from './errors.js';
export * from './estimate.js';
export { type InferenceEstimator, type InferenceSummary, precisionProblem } from './estimate-inference.js';
export * from './target.js';
export * from './training-efficiency.js';
