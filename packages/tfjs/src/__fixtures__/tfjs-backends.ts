import * as tf from '@tensorflow/tfjs-core';
// The cpu backend is registered on import (the default backend of a test that does not choose one).
import '@tensorflow/tfjs-backend-cpu';
// Registers tfjs's gradient functions (as @tensorflow/tfjs does), like a typical app.
import '@tensorflow/tfjs-layers';
import { setupTfjsNode } from '../node/setup-tfjs-node.js';

/** The tfjs backends the tests run on. */
export type TestBackend = 'cpu' | 'wasm';

/** Makes `name` the active tfjs backend. */
export async function useBackend(name: TestBackend): Promise<void> {
  if (tf.getBackend() !== name) await setupTfjsNode({ backend: name, tf });
  await tf.ready();
}

export { tf };
