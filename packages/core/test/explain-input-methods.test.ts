import { describe, expect, it } from 'vitest';
import { explain } from '../src/explain/explain.js';
import {
  AbortError,
  CapabilityNotSupportedError,
  hasErrorCode,
  resolveTarget,
  type SpatialTensor,
  smoothGrad,
  toLayout,
} from '../src/index.js';
import { reduceInputChannels } from '../src/input-space/channel-reduction.js';
import { minMaxNormalize } from '../src/math/min-max-normalize.js';
import {
  conformanceForward,
  conformanceInput,
  conformanceInputGradient,
  conformanceModel,
} from '../src/testing/index.js';
import { referenceBackend } from '../src/testing/reference-backend.js';

const model = conformanceModel();
const { inputChannels, height, width, classes } = model;
const size = inputChannels * height * width;

/** The closed-form input gradient of each sample, as `[1, C, H, W]` nchw arrays. */
function expectedGradients(
  input: SpatialTensor,
  classIndices: readonly number[],
  guided = false,
): Float32Array[] {
  const forward = conformanceForward(model, input);
  const { weights } = resolveTarget(
    { kind: 'class', index: classIndices },
    { data: forward.scores, shape: [input.shape[0], classes] },
  );
  const gradient = conformanceInputGradient(model, forward, weights, guided);
  const nchw = toLayout({ data: gradient, shape: input.shape, layout: input.layout }, 'nchw').data;
  return classIndices.map((_, n) => nchw.slice(n * size, (n + 1) * size));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let peak = 0;
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    peak = Math.max(peak, Math.abs(expected[index]!));
    worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
  }
  expect(peak).toBeGreaterThan(0);
  expect(worst / peak).toBeLessThan(tolerance);
}

describe('explain with input-space methods', () => {
  for (const layout of ['nchw', 'nhwc'] as const) {
    it(`gradient: the closed-form input gradient, kept whole (nchw) and shown as its channel-max of |g| (${layout})`, async () => {
      const backend = referenceBackend(model, { layout });
      const input = conformanceInput(model, 2, layout, 12);
      const explanation = await explain({ backend, input, method: 'gradient' });
      const classIndices = explanation.samples.map((sample) => sample.classIndex!);
      const expected = expectedGradients(input, classIndices);
      expect(explanation.method).toBe('gradient');
      expect(explanation.layers).toEqual([]);
      explanation.samples.forEach((sample, n) => {
        expect(sample.attributions!.shape).toEqual([1, inputChannels, height, width]);
        expect(sample.attributions!.layout).toBe('nchw');
        expectClose(sample.attributions!.data, expected[n]!);
        const display = minMaxNormalize(reduceInputChannels(sample.attributions!, 'max-abs')[0]!);
        expectClose(sample.map.data, display.data);
        expect(Math.max(...sample.map.data)).toBeCloseTo(1, 5);
        expect(sample.layerMaps).toEqual([]);
        expect(sample.scores).toHaveLength(classes);
      });
      const top = explanation.samples.map((sample) => sample.classIndex);
      const forward = conformanceForward(model, input);
      expect(top).toEqual(
        resolveTarget({ kind: 'top' }, { data: forward.scores, shape: [2, classes] }).classIndices,
      );
    });
  }

  it('gradient-x-input and guided-backprop: the closed forms', async () => {
    const backend = referenceBackend(model, { layout: 'nhwc' });
    const input = conformanceInput(model, 3, 'nhwc', 13);
    const target = { kind: 'class', index: [0, 1, 2] } as const;
    const product = await explain({ backend, input, method: 'gradient-x-input', target });
    const guided = await explain({ backend, input, method: 'guided-backprop', target });
    const plain = expectedGradients(input, [0, 1, 2]);
    const guidedExpected = expectedGradients(input, [0, 1, 2], true);
    const inputNchw = toLayout(input, 'nchw').data;
    for (let n = 0; n < 3; n++) {
      const x = inputNchw.subarray(n * size, (n + 1) * size);
      expectClose(
        product.samples[n]!.attributions!.data,
        plain[n]!.map((g, i) => g * x[i]!),
      );
      expectClose(guided.samples[n]!.attributions!.data, guidedExpected[n]!);
      expect(guided.samples[n]!.classIndex).toBe(n);
    }
  });

  it('guided-gradcam: guided backpropagation times the Grad-CAM map of the same layer and class, per channel', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 2, 'nchw', 14);
    const target = { kind: 'class', index: 1 } as const;
    const explanation = await explain({ backend, input, method: 'guided-gradcam', target, layer: 'relu' });
    const gradcam = await explain({ backend, input, method: 'gradcam', target, layer: 'relu' });
    const guided = expectedGradients(input, [1, 1], true);
    expect(explanation.layers).toEqual(['relu']);
    explanation.samples.forEach((sample, n) => {
      const map = gradcam.samples[n]!.map.data;
      const expected = guided[n]!.map((g, i) => g * map[i % (height * width)]!);
      expectClose(sample.attributions!.data, expected);
      expectClose(sample.layerMaps[0]!.coarse.data, gradcam.samples[n]!.layerMaps[0]!.coarse.data);
    });
  });

  it('smoothgrad and integrated-gradients by name take their options, report progress and completeness', async () => {
    const backend = referenceBackend(model, { layout: 'nhwc', maxBatchSize: 4 });
    const input = conformanceInput(model, 2, 'nhwc', 15);
    const progress: [number, number][] = [];
    const smooth = await explain({
      backend,
      input,
      method: 'smoothgrad',
      methodOptions: { smoothgrad: { samples: 6, noiseLevel: 0.1, seed: 9 } },
      onProgress: (done, total) => progress.push([done, total]),
    });
    // explain splits the batch of 2 by maxBatchSize 4: one chunk; the method runs 6 noisy copies per sample.
    expect(progress.at(-1)).toEqual([12, 12]);
    const direct = await smoothGrad(
      backend,
      input,
      { kind: 'top' },
      { samples: 6, noiseLevel: 0.1, seed: 9 },
    );
    const directNchw = toLayout(direct.gradients, 'nchw').data;
    smooth.samples.forEach((sample, n) => {
      expectClose(sample.attributions!.data, directNchw.subarray(n * size, (n + 1) * size), 1e-6);
    });
    const integrated = await explain({
      backend,
      input,
      method: 'integrated-gradients',
      methodOptions: { 'integrated-gradients': { steps: 64 } },
    });
    for (const sample of integrated.samples) {
      expect(sample.completeness!.relativeError).toBeLessThan(0.01);
      const sum = sample.attributions!.data.reduce((total, value) => total + value, 0);
      expect(sum).toBeCloseTo(sample.completeness!.attributionSum, 4);
    }
  });

  it('explains a batch larger than maxBatchSize chunk by chunk', async () => {
    const backend = referenceBackend(model, { layout: 'nchw', maxBatchSize: 2 });
    const input = conformanceInput(model, 5, 'nchw', 16);
    const explanation = await explain({
      backend,
      input,
      method: 'gradient',
      target: { kind: 'class', index: [0, 1, 2, 0, 1] },
    });
    const expected = expectedGradients(input, [0, 1, 2, 0, 1]);
    explanation.samples.forEach((sample, n) => expectClose(sample.attributions!.data, expected[n]!));
  });

  it('rejects a backend without input gradients, smoothing options, and stops when cancelled', async () => {
    const input = conformanceInput(model, 1, 'nchw', 17);
    await expect(
      explain({
        backend: referenceBackend(model, { layout: 'nchw', optional: false }),
        input,
        method: 'smoothgrad',
      }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        CapabilityNotSupportedError.isInstance(error) && /forwardWithInputGradient/.test(String(error)),
    );
    const backend = referenceBackend(model, { layout: 'nchw' });
    await expect(explain({ backend, input, method: 'gradient', augSmooth: true })).rejects.toSatisfy(
      (error: unknown) => hasErrorCode(error, 'unsupported-option'),
    );
    const controller = new AbortController();
    const pending = explain({
      backend,
      input,
      method: 'integrated-gradients',
      methodOptions: { 'integrated-gradients': { steps: 64, batchSize: 4 } },
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 8) controller.abort();
      },
    });
    await expect(pending).rejects.toSatisfy(AbortError.isInstance);
  });
});
