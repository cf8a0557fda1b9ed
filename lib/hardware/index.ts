export * from './accelerators.js';
export * from './cpus.js';
