export * from './accelerators.js';
export * from './cpus.js';
export * from './engines.js';
export * from './instances.js';
