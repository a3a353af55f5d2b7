import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // ORT sessions use all cores themselves; parallel test files would only fight over 2 cores.
    fileParallelism: false,
  },
});
