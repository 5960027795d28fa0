import { ClassIndexOutOfRangeError } from '@gradcam/core';
import { inputGradientFiniteDifferences } from '@gradcam/core/testing';
import { describe, expect, it } from 'vitest';
import { branchedModel, randomInput, sequentialModel } from './__fixtures__/random-models.js';
import { type TestBackend, tf, useBackend } from './__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from './create-tfjs-backend.js';

describe('forwardWithInputGradient', () => {
  for (const name of ['cpu', 'wasm'] as TestBackend[]) {
    it(`agrees with finite differences through max pooling, depthwise, separable and strided convolutions (${name})`, async () => {
      await useBackend(name);
      const backend = await createTfjsBackend(branchedModel());
      try {
        for (const target of [
          { kind: 'class', index: 3 } as const,
          { kind: 'weights', weights: [1, 0, -1, 0.5, 0] } as const,
        ]) {
          const report = await inputGradientFiniteDifferences(
            backend,
            randomInput([1, 12, 12, 3], 4),
            target,
            {
              eps: 1e-2,
              count: 40,
            },
          );
          console.info(
            `[tfjs-${name} branched] input gradient: ${report.checked} entries, max relative error ` +
              `${report.maxRelativeError.toExponential(2)} (${report.kinks} kinks); directional ` +
              `${report.directional.relativeError.toExponential(2)}`,
          );
          expect(report.checked).toBeGreaterThanOrEqual(30);
          expect(report.maxRelativeError).toBeLessThan(1e-2);
          expect(report.directional.relativeError).toBeLessThan(1e-2);
        }
      } finally {
        await backend.dispose();
      }
    });
  }

  it("restores TensorFlow.js's ReLU gradient after a guided call, also when the call fails", async () => {
    await useBackend('cpu');
    const original = tf.getGradient('Relu');
    const backend = await createTfjsBackend(sequentialModel());
    try {
      const input = randomInput([1, 10, 10, 2], 6);
      const plain = await backend.forwardWithInputGradient({ input, target: { kind: 'class', index: 2 } });
      const guided = await backend.forwardWithInputGradient({
        input,
        target: { kind: 'class', index: 2 },
        guided: true,
      });
      expect(tf.getGradient('Relu')).toBe(original);
      await expect(
        backend.forwardWithInputGradient({ input, target: { kind: 'class', index: 9 }, guided: true }),
      ).rejects.toSatisfy(ClassIndexOutOfRangeError.isInstance);
      // A failure inside the gradient computation (not caught by validation): an input with the wrong size.
      await expect(
        backend.forwardWithInputGradient({
          input: randomInput([1, 10, 10, 3]),
          target: { kind: 'top' },
          guided: true,
        }),
      ).rejects.toThrow();
      expect(tf.getGradient('Relu')).toBe(original);
      const again = await backend.forwardWithInputGradient({ input, target: { kind: 'class', index: 2 } });
      expect(Array.from(again.gradients.data)).toEqual(Array.from(plain.gradients.data));
      // Guided differs from the exact gradient on this model (its first convolution ends in a ReLU).
      let differs = 0;
      plain.gradients.data.forEach((value, index) => {
        if (Math.abs(value - guided.gradients.data[index]!) > 1e-6) differs++;
      });
      expect(differs).toBeGreaterThan(10);
    } finally {
      await backend.dispose();
    }
  });
});
