import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
// One TensorFlow.js instance for the tests, the backends and tfjs-layers: always the Node (CommonJS)
// builds, as in `node dist/cli.js` (the ESM builds would be a second copy with its own registries).
const tfjs = Object.fromEntries(
  [
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-layers',
    '@tensorflow/tfjs-backend-cpu',
    '@tensorflow/tfjs-backend-wasm',
  ].map((name) => [name, require.resolve(name)]),
);

export default defineConfig({
  resolve: { conditions: ['@gradcam/source'], alias: tfjs },
  ssr: { resolve: { conditions: ['@gradcam/source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
