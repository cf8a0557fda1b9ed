export { type AppDeps, type AppType, createApp, MAX_BODY_BYTES } from './app.js';
export type { OpenApiDocumentOptions } from './openapi-document.js';
export { type FieldError, PROBLEM_CONTENT_TYPE, type Problem, problemTypes } from './problems.js';
