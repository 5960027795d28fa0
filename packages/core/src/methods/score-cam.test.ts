import { describe, expect, it } from 'vitest';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { aggregateLayers } from '../explain/aggregate-layers.js';
import { explain } from '../explain/explain.js';
import { channelMeans } from '../math/channel-means.js';
import { relu } from '../math/relu.js';
import { weightedChannelSum } from '../math/weighted-channel-sum.js';
import { type Layout, requireSpatial, type SpatialTensor } from '../tensor.js';
import { conformanceForward, conformanceInput, conformanceModel } from '../testing/conformance-model.js';
import { referenceBackend } from '../testing/reference-backend.js';
import { camMethod } from './registry.js';

const model = conformanceModel();
const area = model.height * model.width;
const top = 2;

/** Element `(n, c, pixel)` of a tensor in either layout. */
const element = (tensor: SpatialTensor, n: number, c: number, pixel: number, channels: number) =>
  tensor.layout === 'nchw'
    ? tensor.data[(n * channels + c) * area + pixel]!
    : tensor.data[(n * area + pixel) * channels + c]!;

describe("Score-CAM with channels: { by: 'gradient' }", () => {
  it('declares that it needs gradients only when ranking by gradient', () => {
    expect(camMethod('scorecam').requires).toEqual(['forward']);
    expect(camMethod('scorecam', { scorecam: { channels: { top, by: 'gradient' } } }).requires).toEqual([
      'forward',
      'gradients',
    ]);
    expect(camMethod('ablationcam', { ablationcam: { channels: { top, by: 'gradient' } } }).requires).toEqual(
      ['headFromActivations', 'gradients'],
    );
  });

  it.each<[Layout, number]>([
    ['nchw', 0],
    ['nhwc', 2],
  ])('picks the top channels by Grad-CAM weight and equals full Score-CAM restricted to them (%s, class %i)', async (layout, classIndex) => {
    const backend = referenceBackend(model, { layout });
    const input = conformanceInput(model, 2, layout, 11);
    const target = { kind: 'class', index: classIndex } as const;
    const explanation = await explain({
      backend,
      input,
      layer: 'relu',
      method: 'scorecam',
      methodOptions: { scorecam: { channels: { top, by: 'gradient' } } },
      target,
    });

    // Brute force: the gradients straight from the backend, ranked by their channel means.
    const direct = await backend.forwardWithGradient({ input, layer: 'relu', target });
    const ranking = channelMeans(requireSpatial(direct.gradients, 'gradients'));
    const forward = conformanceForward(model, input);
    for (let n = 0; n < 2; n++) {
      const chosen = Array.from({ length: model.channels }, (_, c) => c)
        .sort((a, b) => ranking[n * model.channels + b]! - ranking[n * model.channels + a]! || a - b)
        .slice(0, top);
      // Full Score-CAM's masked score of every channel (same resolution: the mask is the normalised channel).
      const scores = Array.from({ length: model.channels }, (_, c) => {
        const plane = Float32Array.from({ length: area }, (_, pixel) =>
          element(forward.relu, n, c, pixel, model.channels),
        );
        const min = Math.min(...plane);
        const max = Math.max(...plane);
        const sample = conformanceInput(model, 2, layout, 11);
        const one = new Float32Array(area * model.inputChannels);
        for (let pixel = 0; pixel < area; pixel++) {
          for (let ci = 0; ci < model.inputChannels; ci++) {
            const value = element(sample, n, ci, pixel, model.inputChannels);
            const index = layout === 'nchw' ? ci * area + pixel : pixel * model.inputChannels + ci;
            one[index] = (value * (plane[pixel]! - min)) / (max - min + 1e-8);
          }
        }
        const shape = (
          layout === 'nchw'
            ? [1, model.inputChannels, model.height, model.width]
            : [1, model.height, model.width, model.inputChannels]
        ) as [number, number, number, number];
        return conformanceForward(model, { data: one, shape, layout }).scores[classIndex]!;
      });
      // Restricted to the chosen channels: softmax over them, zero elsewhere.
      const peak = Math.max(...chosen.map((c) => scores[c]!));
      const sum = chosen.reduce((total, c) => total + Math.exp(scores[c]! - peak), 0);
      const expected = new Float32Array(model.channels);
      for (const c of chosen) expected[c] = Math.exp(scores[c]! - peak) / sum;

      const sample = explanation.samples[n]!;
      const weights = Array.from(sample.layerMaps[0]!.channelWeights!);
      expect(weights.flatMap((value, c) => (value > 0 ? [c] : []))).toEqual(
        [...chosen].sort((a, b) => a - b),
      );
      expected.forEach((value, c) => expect(weights[c]).toBeCloseTo(value, 5));

      const activations: SpatialTensor = {
        data: forward.relu.data.slice(n * area * model.channels, (n + 1) * area * model.channels),
        shape: (layout === 'nchw'
          ? [1, model.channels, model.height, model.width]
          : [1, model.height, model.width, model.channels]) as [number, number, number, number],
        layout,
      };
      const map = aggregateLayers(
        [relu(weightedChannelSum(activations, expected)[0]!)],
        model.height,
        model.width,
      );
      map.data.forEach((value, index) => expect(sample.map.data[index]).toBeCloseTo(value, 5));
    }
  });

  it('fails with CapabilityNotSupportedError on a backend without gradients, and works ranked by activation', async () => {
    const backend = referenceBackend(model, { layout: 'nchw', gradients: false });
    const input = conformanceInput(model, 1, 'nchw', 3);
    const run = (by: 'gradient' | 'activation') =>
      explain({
        backend,
        input,
        layer: 'relu',
        method: 'scorecam',
        methodOptions: { scorecam: { channels: { top, by } } },
      });
    const error = await run('gradient').catch((caught: unknown) => caught);
    expect(CapabilityNotSupportedError.isInstance(error)).toBe(true);
    expect((error as CapabilityNotSupportedError).capability).toBe('gradients');
    expect((error as Error).message).toMatch(/rank them by 'activation'/);
    const byActivation = await run('activation');
    expect(byActivation.samples[0]!.layerMaps[0]!.channelWeights!.filter((value) => value > 0)).toHaveLength(
      top,
    );
  });
});
