export * from './accelerators.js';
export * from './apple.js';
export * from './capabilities.js';
export * from './consumer.js';
export * from './cpus.js';
export * from './engines.js';
export * from './instances.js';
export * from './owned.js';
