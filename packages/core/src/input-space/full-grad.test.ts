import { describe, expect, it } from 'vitest';
import { explain } from '../explain/explain.js';
import { minMaxNormalize } from '../math/min-max-normalize.js';
import { resolveTarget } from '../target/target-weights.js';
import {
  conformanceForward,
  conformanceGradient,
  conformanceInput,
  conformanceInputGradient,
  conformanceModel,
} from '../testing/conformance-model.js';
import { referenceBackend } from '../testing/reference-backend.js';
import { fullGradMaps } from './full-grad.js';

const model = conformanceModel();
const { height, width, inputChannels, channels, classes } = model;
const area = height * width;

describe('FullGrad', () => {
  it('on the conformance model: per-channel normalised |g x| plus |bias x gradient at the convolution|, normalised', async () => {
    const backend = referenceBackend(model, { layout: 'nchw' });
    const input = conformanceInput(model, 2, 'nchw', 31);
    const explanation = await explain({
      backend,
      input,
      method: 'fullgrad',
      target: { kind: 'class', index: [2, 0] },
    });
    const forward = conformanceForward(model, input);
    const { weights } = resolveTarget(
      { kind: 'class', index: [2, 0] },
      { data: forward.scores, shape: [2, classes] },
    );
    const inputGradient = conformanceInputGradient(model, forward, weights);
    const convGradient = conformanceGradient(model, forward, weights, true);
    explanation.samples.forEach((sample, n) => {
      const total = new Float32Array(area);
      const add = (values: (index: number) => number) => {
        const map = minMaxNormalize({
          data: Float32Array.from({ length: area }, (_, i) => values(i)),
          height,
          width,
        });
        map.data.forEach((value, index) => {
          total[index]! += value;
        });
      };
      for (let c = 0; c < inputChannels; c++) {
        const at = (i: number) => (n * inputChannels + c) * area + i;
        add((i) => Math.abs(inputGradient[at(i)]! * input.data[at(i)]!));
      }
      for (let c = 0; c < channels; c++) {
        add((i) => Math.abs(model.convBias[c]! * convGradient[(n * channels + c) * area + i]!));
      }
      const expected = minMaxNormalize({ data: total, height, width }).data;
      for (let index = 0; index < area; index++)
        expect(sample.map.data[index]).toBeCloseTo(expected[index]!, 5);
      expect(sample.attributions!.shape).toEqual([1, 1, height, width]);
      expect(sample.classIndex).toBe([2, 0][n]);
    });
  });

  it('resizes the maps of smaller layers to the input and rejects a bias of the wrong length', () => {
    const input = {
      data: Float32Array.from([1, -2, 3, -4]),
      shape: [1, 1, 2, 2] as const,
      layout: 'nchw' as const,
    };
    const inputGradients = { ...input, data: Float32Array.from([1, 1, 1, 1]) };
    // A 1x1 layer: its normalised map is 0 (a constant map), so only the input term remains.
    const small = { data: Float32Array.from([5]), shape: [1, 1, 1, 1] as const, layout: 'nchw' as const };
    const [map] = fullGradMaps(input, inputGradients, [{ gradients: small, bias: Float32Array.from([2]) }]);
    const expected = minMaxNormalize({ data: Float32Array.from([1, 2, 3, 4]), height: 2, width: 2 }).data;
    expect(Array.from(map!.data)).toEqual(Array.from(expected));
    expect(() =>
      fullGradMaps(input, inputGradients, [{ gradients: small, bias: new Float32Array(2) }]),
    ).toThrow(/does not fit a layer of 1 channels/);
  });
});
