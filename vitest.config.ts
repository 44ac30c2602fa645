import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    setupFiles: ['test/yield-between-tests.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
