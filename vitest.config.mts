import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // ORT sessions use all cores themselves; parallel test files would only fight over 2 cores.
    fileParallelism: false,
    expect: {
      // Every test must check something.
      requireAssertions: true,
      // UI updates after a backend round trip can take over a second on a busy CI machine;
      // a poll only waits this long when it would otherwise fail.
      poll: { timeout: 10_000 },
    },
  },
});
