import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendSetupError } from './backend-setup-error.js';
import { setupTfjsNode } from './setup-tfjs-node.js';

const tfjsNodeInstalled = await import('@tensorflow/tfjs-node' as string).then(
  () => true,
  () => false,
);

describe('setupTfjsNode', () => {
  it('makes wasm active with its binaries found, and computes with it', async () => {
    expect(await setupTfjsNode({ backend: 'wasm', tf })).toBe(tf);
    expect(tf.getBackend()).toBe('wasm');
    const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
    expect(Array.from(product.dataSync())).toEqual([19, 22, 43, 50]);
    // Gradients are registered (tfjs-layers), as Grad-CAM needs.
    expect(tf.getGradient('Conv2D')).toBeDefined();
  });

  it('registers the training kernels on request', async () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    await setupTfjsNode({ backend: 'wasm', tf, trainingKernels: true });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('makes cpu active', async () => {
    await setupTfjsNode({ backend: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it.skipIf(tfjsNodeInstalled)('says what to install when tfjs-node is missing', async () => {
    const error = await setupTfjsNode({ backend: 'tensorflow' }).catch((caught: unknown) => caught);
    expect(BackendSetupError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'backend-setup', backend: 'tensorflow' });
    expect((error as Error).message).toContain('npm install @tensorflow/tfjs-node');
  });

  it('rejects an unknown backend name', async () => {
    await expect(setupTfjsNode({ backend: 'webgpu' as 'wasm' })).rejects.toThrow(
      /use 'wasm', 'cpu' or 'tensorflow'/,
    );
  });
});
