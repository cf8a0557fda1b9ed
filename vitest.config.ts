import { defineConfig } from 'vitest/config';
import SkipReasons from './test/skip-reasons.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'lib/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    reporters: ['default', new SkipReasons()],
  },
});
