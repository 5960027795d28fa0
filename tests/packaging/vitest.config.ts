import { defineConfig } from 'vitest/config';

// No '@gradcam/source' condition: these tests look at what is published (dist/), not the sources.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
