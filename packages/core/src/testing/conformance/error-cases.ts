import { ClassIndexOutOfRangeError } from '../../errors/class-index-out-of-range-error.js';
import { InvalidTensorError } from '../../errors/invalid-tensor-error.js';
import { LayoutMismatchError } from '../../errors/layout-mismatch-error.js';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import { UnknownLayerError } from '../../errors/unknown-layer-error.js';
import { requireSpatial, type SpatialTensor } from '../../tensor.js';
import { checkRejects } from '../assertions.js';
import { conformanceInput } from '../conformance-model.js';
import type { ConformanceCase } from './conformance-case.js';
import type { SuiteContext } from './suite-context.js';

/** Typed errors for bad layers, classes, shapes, layouts and tensor data. */
export function errorCases(context: SuiteContext): ConformanceCase[] {
  const { model, inputFor } = context;
  const { classes } = model;
  return [
    {
      name: 'rejects an unknown layer with UnknownLayerError listing the layers',
      requires: ['gradients'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 1);
        await checkRejects(
          backend.forwardWithGradient({ input, layer: 'no-such-layer', target: { kind: 'top' } }),
          (error) => UnknownLayerError.isInstance(error) && error.available.includes(layers.relu),
          'unknown layer',
        );
      },
    },
    {
      name: 'rejects a class index out of range with ClassIndexOutOfRangeError',
      requires: ['gradients'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 1);
        for (const index of [classes, -1]) {
          await checkRejects(
            backend.forwardWithGradient({ input, layer: layers.relu, target: { kind: 'class', index } }),
            (error) => ClassIndexOutOfRangeError.isInstance(error) && error.numClasses === classes,
            `class index ${index}`,
          );
        }
      },
    },
    {
      name: 'rejects inputs of the wrong shape or layout with typed errors',
      requires: ['gradients'],
      async run({ backend, layers }) {
        const good = inputFor(backend, 1);
        const [n, a, b, c] = good.shape;
        const wrongShape: SpatialTensor = {
          data: new Float32Array(n * a * b * (c + 1)),
          shape: [n, a, b, c + 1],
          layout: good.layout,
        };
        await checkRejects(
          backend.forwardWithGradient({ input: wrongShape, layer: layers.relu, target: { kind: 'top' } }),
          ShapeMismatchError.isInstance,
          'input of the wrong shape',
        );
        const shortData: SpatialTensor = { ...good, data: good.data.subarray(1) };
        await checkRejects(
          backend.forwardWithGradient({ input: shortData, layer: layers.relu, target: { kind: 'top' } }),
          ShapeMismatchError.isInstance,
          'input with fewer values than its shape',
        );
        const otherLayout = good.layout === 'nchw' ? 'nhwc' : 'nchw';
        const flipped = conformanceInput(model, 1, otherLayout);
        await checkRejects(
          backend.forwardWithGradient({ input: flipped, layer: layers.relu, target: { kind: 'top' } }),
          LayoutMismatchError.isInstance,
          'input in the other layout',
        );
      },
    },
    {
      name: 'rejects a Float64Array, NaN and Infinity with InvalidTensorError on every entry point',
      requires: [],
      async run({ backend, layers }) {
        const good = inputFor(backend, 1);
        const withValue = (tensor: SpatialTensor, value: number): SpatialTensor => {
          const data = tensor.data.slice();
          data[Math.floor(data.length / 2)] = value;
          return { ...tensor, data };
        };
        const badInputs: [string, SpatialTensor][] = [
          [
            'a Float64Array input',
            { ...good, data: Float64Array.from(good.data) as unknown as Float32Array },
          ],
          ['an input holding NaN', withValue(good, Number.NaN)],
          ['an input holding Infinity', withValue(good, Number.POSITIVE_INFINITY)],
        ];
        for (const [what, input] of badInputs) {
          if (backend.capabilities.gradients) {
            await checkRejects(
              backend.forwardWithGradient({ input, layer: layers.relu, target: { kind: 'top' } }),
              InvalidTensorError.isInstance,
              `forwardWithGradient with ${what}`,
            );
          }
          if (backend.capabilities.forward) {
            await checkRejects(
              backend.forward!({ input, layers: [layers.relu] }),
              InvalidTensorError.isInstance,
              `forward with ${what}`,
            );
          }
        }
        if (backend.capabilities.headFromActivations && backend.capabilities.forward) {
          const { activations } = await backend.forward!({ input: good, layers: [layers.relu] });
          const relu = requireSpatial(activations[layers.relu]!, 'activations');
          const badActivations: [string, SpatialTensor][] = [
            [
              'Float64Array activations',
              { ...relu, data: Float64Array.from(relu.data) as unknown as Float32Array },
            ],
            ['activations holding NaN', withValue(relu, Number.NaN)],
            ['activations holding -Infinity', withValue(relu, Number.NEGATIVE_INFINITY)],
          ];
          for (const [what, tensor] of badActivations) {
            await checkRejects(
              backend.headFromActivations!({ layer: layers.relu, activations: tensor }),
              InvalidTensorError.isInstance,
              `headFromActivations with ${what}`,
            );
          }
        }
      },
    },
  ];
}
