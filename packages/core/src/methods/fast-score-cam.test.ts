import { describe, expect, it } from 'vitest';
import { explain } from '../explain/explain.js';
import { SeededRandom } from '../math/seeded-random.js';
import type { SpatialTensor } from '../tensor.js';
import { conformanceInput, conformanceModel } from '../testing/conformance-model.js';
import { referenceBackend } from '../testing/reference-backend.js';
import { estimateChannelScores, farthestMasks, maskFeatures } from './fast-score-cam.js';

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
});
