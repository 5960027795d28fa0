import { describe, expect, it } from 'vitest';
import { explain } from '../src/explain/explain.js';
import {
  CapabilityNotSupportedError,
  LayoutMismatchError,
  ShapeMismatchError,
  UnknownLayerError,
} from '../src/index.js';
import { conformanceForward, conformanceInput, conformanceModel } from '../src/testing/index.js';
import { referenceBackend } from '../src/testing/reference-backend.js';

const model = conformanceModel();
const area = model.height * model.width;

describe('explain', () => {
  it('chooses the last spatial layer automatically and returns per-sample results', async () => {
    const backend = referenceBackend(model, { layout: 'nhwc' });
    const input = conformanceInput(model, 2, 'nhwc', 5);
    const explanation = await explain({ backend, input, target: { kind: 'class', index: 2 } });
    expect(explanation.layers).toEqual(['relu']);
    expect(explanation.method).toBe('gradcam');
    expect(explanation.samples).toHaveLength(2);
    for (const sample of explanation.samples) {
      expect(sample.classIndex).toBe(2);
      expect(sample.map.height).toBe(model.height);
      expect(sample.map.width).toBe(model.width);
      expect(Math.max(...sample.map.data)).toBeCloseTo(1, 5);
      expect(Math.min(...sample.map.data)).toBe(0);
      expect(sample.scores).toHaveLength(model.classes);
      expect(sample.layerMaps[0]!.channelWeights).toHaveLength(model.channels);
    }
    expect(explanation.timings.totalMs).toBeGreaterThanOrEqual(explanation.timings.backendMs);
  });

  it('resizes to a requested output size', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const explanation = await explain({
      backend,
      input: conformanceInput(model, 1, 'nchw'),
      outputSize: { height: 12, width: 10 },
    });
    expect(explanation.samples[0]!.map.data).toHaveLength(120);
  });

  it('warns exactly when a map is all zeros after ReLU, and never returns NaN', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 1, 'nchw', 5);
    // Closed form of the reference model (conv, ReLU, global mean, dense): the gradient of sum_k w_k * score_k
    // at the ReLU is sum_k w_k * dense[c,k] / area at every pixel, so the Grad-CAM map before its own ReLU is
    // sum_c (sum_k w_k * dense[c,k]) * A_c / area. It is all zeros after the ReLU exactly when that is <= 0 at
    // every pixel.
    const relu = conformanceForward(model, input).relu.data;
    const allZeroAfterRelu = (targetWeights: readonly number[]) => {
      for (let pixel = 0; pixel < area; pixel++) {
        let value = 0;
        for (let c = 0; c < model.channels; c++) {
          let weight = 0;
          for (let k = 0; k < model.classes; k++)
            weight += targetWeights[k]! * model.dense[c * model.classes + k]!;
          value += (weight / area) * relu[c * area + pixel]!;
        }
        if (value > 0) return false;
      }
      return true;
    };
    // Class 2, its negation, and minus class 0 minus 0.5 * class 2, whose combined dense weight is negative for
    // every channel (-0.50, -0.19, -0.03, -0.86): only the last gives an all-zero map.
    const targets = [
      [0, 0, 1],
      [0, 0, -1],
      [-1, 0, -0.5],
    ];
    expect(targets.map(allZeroAfterRelu)).toEqual([false, false, true]);
    for (const weights of targets) {
      const explanation = await explain({
        backend,
        input,
        layer: 'relu',
        target: { kind: 'weights', weights: Float32Array.from(weights) },
      });
      const zero = allZeroAfterRelu(weights);
      expect(explanation.warnings.map((warning) => warning.code)).toEqual(zero ? ['all-zero-map'] : []);
      const map = explanation.samples[0]!.map.data;
      expect(map.some(Number.isNaN)).toBe(false);
      expect(map.every((value) => value === 0)).toBe(zero);
      expect(Math.max(...map)).toBeCloseTo(zero ? 0 : 1, 5);
      expect(explanation.samples[0]!.classIndex).toBeNull();
    }
  });

  it('produces an all-zero map with a warning for a zero input at the ReLU of negative-bias channels', async () => {
    const zeroBias = { ...model, convBias: new Float32Array(model.channels).fill(-1) };
    const backend = referenceBackend(zeroBias, { layout: 'nchw' });
    const input = {
      ...conformanceInput(model, 1, 'nchw'),
      data: new Float32Array(model.height * model.width * 2),
    };
    const explanation = await explain({ backend, input, layer: 'relu' });
    expect(explanation.warnings).toHaveLength(1);
    expect(explanation.warnings[0]!.code).toBe('all-zero-map');
    expect(explanation.samples[0]!.map.data.every((value) => value === 0)).toBe(true);
  });

  it('rejects unknown layers, wrong layouts and shapes, and forward-only backends with typed errors', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 1, 'nchw');
    await expect(explain({ backend, input, layer: 'conv7' })).rejects.toThrow(UnknownLayerError);
    await expect(explain({ backend, input, layer: 'conv7' })).rejects.toThrow(/conv, relu/);
    await expect(explain({ backend, input: conformanceInput(model, 1, 'nhwc') })).rejects.toThrow(
      LayoutMismatchError,
    );
    await expect(explain({ backend, input: { ...input, data: input.data.subarray(2) } })).rejects.toThrow(
      ShapeMismatchError,
    );
    const forwardOnly = referenceBackend(model, { layout: 'nchw', gradients: false });
    await expect(explain({ backend: forwardOnly, input })).rejects.toThrow(CapabilityNotSupportedError);
  });
});

describe('explain with batches larger than the backend accepts', () => {
  it('splits the batch by maxBatchSize and gives the same samples as one call, with per-sample targets', async () => {
    const small = referenceBackend(model, { layout: 'nchw', maxBatchSize: 2 });
    const large = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 5, 'nchw', 8);
    for (const target of [
      { kind: 'top' },
      { kind: 'class', index: [0, 1, 2, 1, 0] },
      { kind: 'weights', weights: Array.from({ length: 15 }, (_, i) => (i % 4) - 1) },
      { kind: 'weights', weights: [1, 0, -1] },
    ] as const) {
      const split = await explain({ backend: small, input, layer: 'relu', target });
      const whole = await explain({ backend: large, input, layer: 'relu', target });
      expect(split.samples).toHaveLength(5);
      split.samples.forEach((sample, n) => {
        expect(sample.classIndex).toBe(whole.samples[n]!.classIndex);
        expect(Array.from(sample.map.data)).toEqual(Array.from(whole.samples[n]!.map.data));
      });
    }
    const whole = await large.forwardWithGradient({ input, layer: 'relu', target: { kind: 'top' } });
    expect(whole.scores.shape).toEqual([5, model.classes]);
    expect(whole.gradients.shape).toEqual([5, model.channels, model.height, model.width]);
    await expect(
      small.forwardWithGradient({ input, layer: 'relu', target: { kind: 'top' } }),
    ).rejects.toThrow(ShapeMismatchError);
  });
});
