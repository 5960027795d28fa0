import { explain } from '../../explain/explain.js';
import { minMaxNormalize } from '../../math/min-max-normalize.js';
import { resizeBilinear } from '../../math/resize-bilinear.js';
import { weightedChannelSum } from '../../math/weighted-channel-sum.js';
import { check, checkClose } from '../assertions.js';
import { conformanceForward } from '../conformance-model.js';
import type { ConformanceCase } from './conformance-case.js';
import type { SuiteContext } from './suite-context.js';

/** The values of gradient calls against closed forms, and `explain` on top of them. */
export function gradientCases(context: SuiteContext): ConformanceCase[] {
  const { model, tolerance, inputFor, checkGradientCall } = context;
  const { classes } = model;
  return [
    {
      name: 'gradient at the ReLU equals the closed form dense[c,k]/(H*W), top-1 target',
      requires: ['gradients'],
      run: (loaded) => checkGradientCall(loaded, 1, { kind: 'top' }, false),
    },
    {
      name: 'gradient at the convolution is the closed form masked by the ReLU',
      requires: ['gradients'],
      run: (loaded) => checkGradientCall(loaded, 2, { kind: 'class', index: 1 }, true),
    },
    {
      name: 'a batch with one class per sample',
      requires: ['gradients'],
      run: (loaded) => checkGradientCall(loaded, 3, { kind: 'class', index: [2, 0, 1] }, false),
    },
    {
      name: 'an arbitrary weighting of the scores (class 0 minus class 2)',
      requires: ['gradients'],
      run: (loaded) => checkGradientCall(loaded, 2, { kind: 'weights', weights: [1, 0, -1] }, false),
    },
    {
      name: 'explain() gives the closed-form Grad-CAM map',
      requires: ['gradients'],
      async run(loaded) {
        const { backend, layers } = loaded;
        const input = inputFor(backend, 2, 5);
        const explanation = await explain({
          backend,
          input,
          layer: layers.relu,
          target: { kind: 'class', index: 2 },
        });
        const forward = conformanceForward(model, input);
        const channelWeights = new Float32Array(2 * model.channels);
        for (let n = 0; n < 2; n++) {
          for (let c = 0; c < model.channels; c++) {
            channelWeights[n * model.channels + c] =
              model.dense[c * classes + 2]! / (model.height * model.width);
          }
        }
        const raw = weightedChannelSum(forward.relu, channelWeights);
        explanation.samples.forEach((sample, n) => {
          const coarse = raw[n]!.data.map((value) => Math.max(value, 0));
          // Relative to the map's peak: CAM values are small (gradients carry 1/(H*W)).
          const peak = Math.max(...coarse);
          check(peak > 0, `the expected map of sample ${n} is all zeros: the conformance model changed.`);
          const relative = (values: Float32Array) => values.map((value) => value / peak);
          checkClose(
            relative(sample.layerMaps[0]!.coarse.data),
            relative(coarse),
            tolerance,
            `coarse map of sample ${n}`,
          );
          const expected = minMaxNormalize(
            resizeBilinear(
              minMaxNormalize({ data: coarse, height: model.height, width: model.width }),
              model.height,
              model.width,
            ),
          );
          checkClose(sample.map.data, expected.data, tolerance * 10, `map of sample ${n}`);
          check(sample.classIndex === 2, `classIndex of sample ${n} is ${sample.classIndex}.`);
        });
      },
    },
  ];
}
