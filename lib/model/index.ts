export * from './architecture.js';
export * from './consistency.js';
export * from './precisions.js';
export * from './presets.js';
export * from './units.js';
