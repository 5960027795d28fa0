import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@gradcam/source'] },
  ssr: { resolve: { conditions: ['@gradcam/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // The test files share one ONNX Runtime per worker instead of loading it (and the sources) 26 times.
    isolate: false,
  },
});
