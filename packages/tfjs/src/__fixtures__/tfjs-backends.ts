import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers tfjs's gradient functions (as @tensorflow/tfjs does), like a typical app.
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

// The wasm binaries ship next to the package's entry point; Node must be told where (see the README).
const require = createRequire(import.meta.url);
setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + sep);

/** The tfjs backends the tests run on. */
export type TestBackend = 'cpu' | 'wasm';

/** Makes `name` the active tfjs backend. */
export async function useBackend(name: TestBackend): Promise<void> {
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`Cannot initialise the tfjs "${name}" backend.`);
  }
  await tf.ready();
}

export { tf };
