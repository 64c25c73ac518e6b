import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local is a JVM: give its start-up room on a 2-core machine.
    hookTimeout: 120_000,
    testTimeout: 60_000,
    pool: 'forks',
  },
});
