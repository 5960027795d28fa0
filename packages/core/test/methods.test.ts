import { describe, expect, it } from 'vitest';
import { CapabilityNotSupportedError, camMethod, explain, GradcamError } from '../src/index.js';
import { flipHorizontal } from '../src/math/flip-horizontal.js';
import { conformanceForward, conformanceInput, conformanceModel } from '../src/testing/index.js';
import { referenceBackend } from '../src/testing/reference-backend.js';

const model = conformanceModel();
const area = model.height * model.width;

/**
 * Eigen-CAM's map before min-max, by brute force: the `[pixels, channels]` matrix `rows` centred per channel,
 * projected on its first principal component (power iteration on the channels x channels Gram matrix, in double
 * precision), the sign chosen to correlate positively with the un-centred channel sum, then ReLU.
 */
function eigenProjection(rows: readonly Float64Array[]): Float64Array {
  const channels = rows[0]!.length;
  const means = new Float64Array(channels);
  for (const row of rows) row.forEach((value, c) => (means[c]! += value / rows.length));
  const centred = rows.map((row) => row.map((value, c) => value - means[c]!));
  const gram = Array.from({ length: channels }, (_, a) =>
    Array.from({ length: channels }, (_, b) => centred.reduce((sum, row) => sum + row[a]! * row[b]!, 0)),
  );
  let vector = new Float64Array(channels).fill(1);
  for (let step = 0; step < 5000; step++) {
    const next = Float64Array.from(gram, (row) => row.reduce((sum, value, c) => sum + value * vector[c]!, 0));
    const norm = Math.hypot(...next);
    vector = next.map((value) => value / norm);
  }
  const projection = Float64Array.from(centred, (row) =>
    row.reduce((sum, value, c) => sum + value * vector[c]!, 0),
  );
  const activity = rows.reduce(
    (sum, row, pixel) => sum + projection[pixel]! * row.reduce((total, value) => total + value, 0),
    0,
  );
  return projection.map((value) => Math.max(0, Math.sign(activity) * value));
}

/** Per pixel, the channels of the reference model's ReLU for sample 0 of an NHWC input, times `weights`. */
function weightedPixels(
  input: ReturnType<typeof conformanceInput>,
  weights: ArrayLike<number>,
): Float64Array[] {
  const relu = conformanceForward(model, input).relu.data;
  return Array.from({ length: area }, (_, pixel) =>
    Float64Array.from({ length: model.channels }, (_, c) => weights[c]! * relu[pixel * model.channels + c]!),
  );
}

describe('Ablation-CAM', () => {
  it('equals the closed form (dense[c,k] * mean(A_c)) / score for a linear head', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 2, 'nchw', 5);
    const explanation = await explain({
      backend,
      input,
      layer: 'relu',
      method: 'ablationcam',
      target: { kind: 'class', index: 2 },
    });
    const forward = conformanceForward(model, input);
    expect(explanation.samples).toHaveLength(2);
    explanation.samples.forEach((sample, n) => {
      const score = forward.scores[n * model.classes + 2]!;
      const expected = Array.from({ length: model.channels }, (_, c) => {
        let mean = 0;
        for (let pixel = 0; pixel < area; pixel++)
          mean += forward.relu.data[(n * model.channels + c) * area + pixel]!;
        return ((mean / area) * model.dense[c * model.classes + 2]!) / score;
      });
      expected.forEach((value, c) => expect(sample.layerMaps[0]!.channelWeights![c]).toBeCloseTo(value, 5));
    });
  });

  it('ablates only the top-k channels when asked, leaving the others at 0, and reports progress', async () => {
    const backend = referenceBackend(model, { layout: 'nhwc' });
    const input = conformanceInput(model, 1, 'nhwc', 5);
    const progress: number[] = [];
    const all = await explain({ backend, input, layer: 'relu', method: 'ablationcam' });
    const top = await explain({
      backend,
      input,
      layer: 'relu',
      method: 'ablationcam',
      methodOptions: { ablationcam: { channels: { top: 2 }, batchSize: 1 } },
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([1, 2]);
    // Brute force on the reference model: rank the channels by mean activation (ties to the lower index), keep
    // two, and weight each by the closed form for a linear head, (dense[c,k] * mean(A_c)) / score (the ReLU's
    // minimum is 0, so an ablated channel is set to 0).
    const forward = conformanceForward(model, input);
    const scores = forward.scores.subarray(0, model.classes);
    const classIndex = scores.indexOf(Math.max(...scores));
    expect(top.samples[0]!.classIndex).toBe(classIndex);
    expect(Math.min(...forward.relu.data)).toBe(0);
    const means = Array.from({ length: model.channels }, (_, c) => {
      let sum = 0;
      for (let pixel = 0; pixel < area; pixel++) sum += forward.relu.data[pixel * model.channels + c]!;
      return sum / area;
    });
    const kept = [...means.keys()]
      .sort((a, b) => means[b]! - means[a]! || a - b)
      .slice(0, 2)
      .sort((a, b) => a - b);
    const closedForm = means.map(
      (mean, c) => (mean * model.dense[c * model.classes + classIndex]!) / scores[classIndex]!,
    );
    const weights = top.samples[0]!.layerMaps[0]!.channelWeights!;
    const allWeights = all.samples[0]!.layerMaps[0]!.channelWeights!;
    expect(weights).toHaveLength(model.channels);
    for (let c = 0; c < model.channels; c++) {
      if (kept.includes(c)) {
        expect(weights[c]).toBeCloseTo(closedForm[c]!, 5);
        expect(weights[c]).toBeCloseTo(allWeights[c]!, 6);
        expect(Math.abs(weights[c]!)).toBeGreaterThan(1e-3);
      } else {
        expect(weights[c]).toBe(0);
        expect(Math.abs(allWeights[c]!)).toBeGreaterThan(0);
      }
    }
  });
});

describe('Score-CAM', () => {
  it('gives softmax weights that sum to 1 and do not depend on the batch size', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 2, 'nchw', 9);
    const one = await explain({
      backend,
      input,
      layer: 'relu',
      method: 'scorecam',
      methodOptions: { scorecam: { batchSize: 1 } },
    });
    const many = await explain({
      backend,
      input,
      layer: 'relu',
      method: 'scorecam',
      methodOptions: { scorecam: { batchSize: 32 } },
    });
    expect(one.samples).toHaveLength(2);
    expect(many.samples).toHaveLength(2);
    for (const [n, sample] of one.samples.entries()) {
      const weights = Array.from(sample.layerMaps[0]!.channelWeights!);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(weights).toEqual(Array.from(many.samples[n]!.layerMaps[0]!.channelWeights!));
    }
  });

  it('weights each channel by the softmax of the score of the input masked by that channel', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 1, 'nchw', 9);
    const explanation = await explain({
      backend,
      input,
      layer: 'relu',
      method: 'scorecam',
      target: { kind: 'class', index: 1 },
    });
    // Same resolution for input and layer: the align-corners upsampling is the identity, so the mask is the
    // min-max normalised channel itself.
    const relu = conformanceForward(model, input).relu.data;
    const scores = Array.from({ length: model.channels }, (_, c) => {
      const plane = relu.subarray(c * area, (c + 1) * area);
      const min = Math.min(...plane);
      const max = Math.max(...plane);
      const masked = input.data.map(
        (value, index) => (value * (plane[index % area]! - min)) / (max - min + 1e-8),
      );
      return conformanceForward(model, { ...input, data: masked }).scores[1]!;
    });
    const peak = Math.max(...scores);
    const sum = scores.reduce((total, score) => total + Math.exp(score - peak), 0);
    scores.forEach((score, c) =>
      expect(explanation.samples[0]!.layerMaps[0]!.channelWeights![c]).toBeCloseTo(
        Math.exp(score - peak) / sum,
        5,
      ),
    );
  });

  it('says which capability is missing on a backend without forward()', async () => {
    const backend = referenceBackend(model, { layout: 'nchw', optional: false });
    const input = conformanceInput(model, 1, 'nchw');
    await expect(explain({ backend, input, method: 'scorecam' })).rejects.toThrow(
      CapabilityNotSupportedError,
    );
    await expect(explain({ backend, input, method: 'ablationcam' })).rejects.toThrow(/headFromActivations/);
  });
});

describe('Eigen-CAM', () => {
  it('runs on a forward-only backend (no gradients needed) and gives the first principal component', async () => {
    const backend = referenceBackend(model, { layout: 'nhwc', gradients: false });
    const input = conformanceInput(model, 1, 'nhwc', 3);
    const explanation = await explain({ backend, input, method: 'eigencam' });
    expect(explanation.layers).toEqual(['relu']);
    const expected = eigenProjection(weightedPixels(input, new Float64Array(model.channels).fill(1)));
    const peak = Math.max(...expected);
    expect(peak).toBeGreaterThan(0);
    const coarse = explanation.samples[0]!.layerMaps[0]!.coarse.data;
    expect(coarse).toHaveLength(area);
    coarse.forEach((value, pixel) => expect(Math.abs(value - expected[pixel]!) / peak).toBeLessThan(1e-5));
  });
});

describe('smoothing and several layers', () => {
  it('aug-smoothing of a flip-symmetric input is the mean over the scales of (map + mirrored map) / 2', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const base = conformanceInput(model, 1, 'nchw', 4);
    // Make the input symmetric left-right, so the flipped passes equal the plain ones.
    const flipped = flipHorizontal(base);
    const input = { ...base, data: base.data.map((value, index) => (value + flipped.data[index]!) / 2) };
    const target = { kind: 'class', index: 0 } as const;
    const smoothed = await explain({ backend, input, layer: 'relu', target, augSmooth: true });
    const maps = await Promise.all(
      [0.9, 1, 1.1].map((factor) =>
        explain({
          backend,
          input: { ...input, data: input.data.map((value) => value * factor) },
          layer: 'relu',
          target,
        }),
      ),
    );
    // The flipped input equals the input, so its map is the plain map, mirrored back by the de-augmentation.
    const { width } = model;
    smoothed.samples[0]!.map.data.forEach((value, index) => {
      const mirror = index - (index % width) + (width - 1 - (index % width));
      const mean =
        maps.reduce((sum, e) => sum + e.samples[0]!.map.data[index]! + e.samples[0]!.map.data[mirror]!, 0) /
        6;
      expect(value).toBeCloseTo(mean, 5);
    });
  });

  it('eigen-smoothing of Grad-CAM is the first principal component of the weighted activations', async () => {
    const backend = referenceBackend(model, { layout: 'nhwc' });
    const input = conformanceInput(model, 1, 'nhwc', 4);
    const plain = await explain({ backend, input, layer: 'relu' });
    const smooth = await explain({ backend, input, layer: 'relu', eigenSmooth: true });
    const weights = plain.samples[0]!.layerMaps[0]!.channelWeights!;
    expect(smooth.samples[0]!.layerMaps[0]!.channelWeights).toEqual(weights);
    const expected = eigenProjection(weightedPixels(input, weights));
    const peak = Math.max(...expected);
    expect(peak).toBeGreaterThan(0);
    const coarse = smooth.samples[0]!.layerMaps[0]!.coarse.data;
    expect(coarse).toHaveLength(area);
    coarse.forEach((value, pixel) => expect(Math.abs(value - expected[pixel]!) / peak).toBeLessThan(1e-5));
    expect(Array.from(smooth.samples[0]!.map.data)).not.toEqual(Array.from(plain.samples[0]!.map.data));
  });

  it('fuses several layers as the normalised mean of their normalised maps', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 1, 'nchw', 4);
    const target = { kind: 'class', index: 2 } as const;
    const fused = await explain({ backend, input, layer: ['conv', 'relu'], target });
    const conv = await explain({ backend, input, layer: 'conv', target });
    const relu = await explain({ backend, input, layer: 'relu', target });
    expect(fused.layers).toEqual(['conv', 'relu']);
    expect(fused.samples[0]!.layerMaps.map((layerMap) => layerMap.coarse.data)).toEqual([
      conv.samples[0]!.layerMaps[0]!.coarse.data,
      relu.samples[0]!.layerMaps[0]!.coarse.data,
    ]);
    const mean = conv.samples[0]!.map.data.map(
      (value, index) => (value + relu.samples[0]!.map.data[index]!) / 2,
    );
    const min = Math.min(...mean);
    const max = Math.max(...mean);
    fused.samples[0]!.map.data.forEach((value, index) =>
      expect(value).toBeCloseTo((mean[index]! - min) / (1e-7 + max - min), 5),
    );
  });
});

describe('camMethod', () => {
  it('rejects unknown method names with the list of methods', () => {
    expect(() => camMethod('gradcam3')).toThrow(GradcamError);
    expect(() => camMethod('gradcam3')).toThrow(/gradcam\+\+, xgradcam/);
  });
});
