import { describe, expect, it } from 'vitest';
import type { BackendV1, ForwardRequest, GradientRequest } from '../backend/v1/backend-v1.js';
import { explain } from '../explain/explain.js';
import { SeededRandom } from '../math/seeded-random.js';
import { resolveTarget } from '../target/target-weights.js';
import type { SpatialTensor } from '../tensor.js';
import { conformanceInput, conformanceModel } from '../testing/conformance-model.js';
import { referenceBackend } from '../testing/reference-backend.js';
import { estimateChannelScores, farthestMasks, gradCamCoverage, maskFeatures } from './fast-score-cam.js';

/**
 * A class-map model on a one-channel 6x6 input: the layer `maps` has 24 channels `A_c = x * P_c` for fixed
 * patterns `P_c`, and class `k` (of 2) scores `scale * mean(A_k)`. Channel 0 is class 0's map, a bump `T` at
 * (1, 1); channel 5's pattern is 1 wherever `T > 0.05` and 0 elsewhere, so on the all-ones input its mask covers
 * class 0's evidence fully and its masked input scores highest: with masks in [0, 1], Score-CAM's score of
 * channel c for class 0 is `scale * mean(mask_c * T)` in closed form.
 */
function classMapModel(gradients: boolean) {
  const size = 6;
  const area = size * size;
  const channels = 24;
  const scale = 50;
  const bump = Float64Array.from({ length: area }, (_, p) =>
    Math.exp(-(((p % size) - 1) ** 2 + (Math.floor(p / size) - 1) ** 2) / 4),
  );
  const generator = new SeededRandom(3);
  const patterns = Array.from({ length: channels }, (_, c) =>
    c === 0
      ? bump
      : c === 5
        ? bump.map((t) => (t > 0.05 ? 1 : 0))
        : Float64Array.from({ length: area }, () => generator.next()),
  );
  const masked: Float32Array[] = [];
  let gradientCalls = 0;
  const run = (input: SpatialTensor) => {
    const batch = input.shape[0];
    const activations = new Float32Array(batch * channels * area);
    const scores = new Float32Array(batch * 2);
    for (let n = 0; n < batch; n++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let p = 0; p < area; p++) {
          const value = input.data[n * area + p]! * patterns[c]![p]!;
          activations[(n * channels + c) * area + p] = value;
          sum += value;
        }
        if (c < 2) scores[n * 2 + c] = (scale * sum) / area;
      }
    }
    return {
      scores: { data: scores, shape: [batch, 2] as const },
      activations: { data: activations, shape: [batch, channels, size, size], layout: 'nchw' } as const,
    };
  };
  const backend: BackendV1 = {
    specificationVersion: 'v1',
    name: 'class-map',
    input: { shape: [null, 1, size, size], layout: 'nchw' },
    capabilities: { gradients, forward: true, headFromActivations: false },
    listLayers: async () => [
      { name: 'maps', kind: 'Conv', outputShape: [null, channels, size, size], layout: 'nchw' },
    ],
    async forwardWithGradient(request: GradientRequest) {
      gradientCalls++;
      const { scores, activations } = run(request.input);
      const target = resolveTarget(request.target, scores);
      const batch = request.input.shape[0];
      const gradient = new Float32Array(activations.data.length);
      for (let n = 0; n < batch; n++)
        for (let k = 0; k < 2; k++)
          gradient.fill(
            (scale * target.weights[n * 2 + k]!) / area,
            (n * channels + k) * area,
            (n * channels + k + 1) * area,
          );
      return {
        scores,
        activations,
        gradients: { ...activations, data: gradient },
        classIndices: target.classIndices,
      };
    },
    async forward(request: ForwardRequest) {
      masked.push(request.input.data.slice());
      const { scores, activations } = run(request.input);
      return { scores, activations: { maps: activations } };
    },
  };
  // Score-CAM in closed form for class 0 on the all-ones input.
  const exactScores = patterns.map((pattern) => {
    const min = Math.min(...pattern);
    const range = Math.max(...pattern) - min + 1e-8;
    return (scale * pattern.reduce((sum, v, p) => sum + ((v - min) / range) * bump[p]!, 0)) / area;
  });
  const peak = Math.max(...exactScores);
  const exps = exactScores.map((score) => Math.exp(score - peak));
  const exactWeights = exps.map((value) => value / exps.reduce((a, b) => a + b, 0));
  const input: SpatialTensor = {
    data: new Float32Array(area).fill(1),
    shape: [1, 1, size, size],
    layout: 'nchw',
  };
  return { backend, input, channels, patterns, exactWeights, masked, gradientCalls: () => gradientCalls };
}

describe('fast-scorecam', () => {
  it('with as many passes as channels is exact Score-CAM (both layouts, a batch of 2)', async () => {
    const model = conformanceModel();
    for (const layout of ['nchw', 'nhwc'] as const) {
      const backend = referenceBackend(model, { layout });
      const input = conformanceInput(model, 2, layout, 5);
      const options = { backend, input, layer: 'relu', target: { kind: 'class', index: 1 } } as const;
      const exact = await explain({ ...options, method: 'scorecam' });
      const fast = await explain({
        ...options,
        method: 'fast-scorecam',
        methodOptions: { 'fast-scorecam': { passes: model.channels } },
      });
      for (let n = 0; n < 2; n++) {
        const a = exact.samples[n]!.layerMaps[0]!.channelWeights!;
        const b = fast.samples[n]!.layerMaps[0]!.channelWeights!;
        a.forEach((value, c) => expect(Math.abs(b[c]! - value)).toBeLessThan(1e-6));
      }
    }
  });

  it('normalises each channel like the upsampled mask (min 0, max 1 minus 1e-8 relative)', () => {
    const activations: SpatialTensor = {
      data: Float32Array.of(1, 3, 2, 5, 7, 7, 7, 7),
      shape: [1, 2, 2, 2],
      layout: 'nchw',
    };
    const features = maskFeatures(activations, 0);
    expect([...features.data.slice(0, 4)].map((v) => +v.toFixed(6))).toEqual([0, 0.5, 0.25, 1]);
    // A constant channel masks everything out, as in Score-CAM.
    expect([...features.data.slice(4)]).toEqual([0, 0, 0, 0]);
  });

  it('samples the most dissimilar masks first and each distinct mask once', () => {
    // Masks on one pixel: 0, 0.1, 1, 1, 0.5 (channel 2 and 3 identical).
    const features = { data: Float64Array.of(0, 0.1, 1, 1, 0.5), channels: 5, area: 1 };
    expect(farthestMasks(features, 0, 3)).toEqual([0, 2, 4]);
    expect(farthestMasks(features, 0, 5)).toEqual([0, 2, 4, 1]);
  });

  it('reproduces the known scores and interpolates a smooth function of the mask', () => {
    // 200 channels, masks on 3 pixels, score = sin(m0) + m1^2 - m2.
    const generator = new SeededRandom(7);
    const random = () => generator.next();
    const channels = 200;
    const data = Float64Array.from({ length: channels * 3 }, random);
    const features = { data, channels, area: 3 };
    const truth = (c: number) => Math.sin(data[c * 3]!) + data[c * 3 + 1]! ** 2 - data[c * 3 + 2]!;
    const known = new Map(farthestMasks(features, 0, 40).map((c) => [c, truth(c)]));
    const estimates = estimateChannelScores(features, known);
    for (const [c, value] of known) expect(estimates[c]).toBe(value);
    let worst = 0;
    for (let c = 0; c < channels; c++) worst = Math.max(worst, Math.abs(estimates[c]! - truth(c)));
    // The function spans about 2.8; 40 samples of the unit cube pin it to a few hundredths.
    expect(worst).toBeLessThan(0.05);
  });

  it('regresses around the line through the known scores against a prior: exact when the scores lie on it', () => {
    const generator = new SeededRandom(11);
    const channels = 50;
    const features = {
      data: Float64Array.from({ length: channels * 4 }, () => generator.next()),
      channels,
      area: 4,
    };
    const prior = Float64Array.from({ length: channels }, () => generator.next());
    const known = new Map([3, 17, 29, 41].map((c) => [c, 1 + 2 * prior[c]!]));
    const estimates = estimateChannelScores(features, known, prior);
    prior.forEach((x, c) => expect(estimates[c]).toBeCloseTo(1 + 2 * x, 9));
  });

  it('runs first the channel whose mask covers the Grad-CAM map most: the dominant one on a class-map layer', async () => {
    const model = classMapModel(true);
    // The closed form: channel 5 dominates Score-CAM's softmax.
    expect(model.exactWeights[5]).toBeGreaterThan(0.9);
    const fast = await explain({
      backend: model.backend,
      input: model.input,
      layer: 'maps',
      target: { kind: 'class', index: 0 },
      method: 'fast-scorecam',
      methodOptions: { 'fast-scorecam': { passes: 4 } },
    });
    expect(model.gradientCalls()).toBe(1);
    // The first masked input is the all-ones input times channel 5's mask (its 0/1 pattern).
    model.patterns[5]!.forEach((v, p) => expect(model.masked[0]![p]).toBeCloseTo(v, 6));
    const weights = fast.samples[0]!.layerMaps[0]!.channelWeights!;
    expect(Math.abs(weights[5]! - model.exactWeights[5]!)).toBeLessThan(1e-3);
  });

  it('ranks channels by their mask times the normalised Grad-CAM map (here: the target class map)', () => {
    const model = classMapModel(true);
    const activations: SpatialTensor = {
      data: Float32Array.from(model.patterns.flatMap((pattern) => [...pattern])),
      shape: [1, model.channels, 6, 6],
      layout: 'nchw',
    };
    // The gradient of class 0's score: constant on its map (channel 0), zero elsewhere.
    const gradients: SpatialTensor = {
      ...activations,
      data: Float32Array.from(activations.data, (_, i) => (i < 36 ? 1 : 0)),
    };
    const features = maskFeatures(activations, 0);
    const coverage = gradCamCoverage(features, activations, gradients, 0)!;
    const bump = model.patterns[0]!;
    const min = Math.min(...bump);
    const range = Math.max(...bump) - min;
    for (let c = 0; c < model.channels; c++) {
      let expected = 0;
      for (let p = 0; p < 36; p++) expected += features.data[c * 36 + p]! * ((bump[p]! - min) / range);
      expect(coverage[c]).toBeCloseTo(expected, 6);
    }
    // A Grad-CAM map that is zero everywhere ranks nothing.
    expect(
      gradCamCoverage(
        features,
        activations,
        { ...gradients, data: new Float32Array(gradients.data.length) },
        0,
      ),
    ).toBeUndefined();
  });

  it('without gradients keeps the gradient-free selection and with every pass is exact', async () => {
    const model = classMapModel(false);
    const fast = await explain({
      backend: model.backend,
      input: model.input,
      layer: 'maps',
      target: { kind: 'class', index: 0 },
      method: 'fast-scorecam',
      methodOptions: { 'fast-scorecam': { passes: model.channels } },
    });
    expect(model.gradientCalls()).toBe(0);
    const weights = fast.samples[0]!.layerMaps[0]!.channelWeights!;
    model.exactWeights.forEach((value, c) => expect(Math.abs(weights[c]! - value)).toBeLessThan(1e-6));
  });
});
