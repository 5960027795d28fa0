import { spatialDimensions } from '../../tensor.js';
import { check } from '../assertions.js';
import type { ConformanceCase } from './conformance-case.js';
import type { SuiteContext } from './suite-context.js';

/** What a backend declares about itself: specification version, input, capabilities and layers. */
export function descriptionCases(context: SuiteContext): ConformanceCase[] {
  const { model } = context;
  const { classes } = model;
  return [
    {
      name: 'declares specification v1, its input and its capabilities',
      requires: [],
      async run({ backend }) {
        check(
          backend.specificationVersion === 'v1',
          `specificationVersion is ${backend.specificationVersion}.`,
        );
        check(
          typeof backend.name === 'string' && backend.name.length > 0,
          'name must be a non-empty string.',
        );
        check(['nchw', 'nhwc'].includes(backend.input.layout), `input.layout is ${backend.input.layout}.`);
        const { channels, height, width } = spatialDimensions(
          backend.input.shape.map((size) => size ?? -1),
          backend.input.layout,
        );
        check(
          channels === model.inputChannels,
          `input channels: expected ${model.inputChannels}, got ${channels}.`,
        );
        check(
          height === model.height || height === -1,
          `input height: expected ${model.height}, got ${height}.`,
        );
        check(width === model.width || width === -1, `input width: expected ${model.width}, got ${width}.`);
        const { capabilities } = backend;
        check(typeof capabilities.gradients === 'boolean', 'capabilities.gradients must be a boolean.');
        check(
          capabilities.forward === (typeof backend.forward === 'function'),
          'capabilities.forward must be true exactly when forward() is implemented.',
        );
        check(
          capabilities.headFromActivations === (typeof backend.headFromActivations === 'function'),
          'capabilities.headFromActivations must be true exactly when headFromActivations() is implemented.',
        );
        check(
          (capabilities.inputGradients ?? false) === (typeof backend.forwardWithInputGradient === 'function'),
          'capabilities.inputGradients must be true exactly when forwardWithInputGradient() is implemented.',
        );
        check(
          (capabilities.layerBiases ?? false) === (typeof backend.layerBiases === 'function'),
          'capabilities.layerBiases must be true exactly when layerBiases() is implemented.',
        );
        if (backend.numClasses !== undefined)
          check(backend.numClasses === classes, `numClasses is ${backend.numClasses}.`);
      },
    },
    {
      name: 'lists its layers with 4-D output shapes, the ReLU after the convolution',
      requires: [],
      async run({ backend, layers }) {
        const listed = await backend.listLayers();
        const conv = listed.findIndex((layer) => layer.name === layers.conv);
        const relu = listed.findIndex((layer) => layer.name === layers.relu);
        check(conv >= 0, `listLayers() does not list the convolution "${layers.conv}".`);
        check(relu >= 0, `listLayers() does not list the ReLU "${layers.relu}".`);
        check(conv < relu, 'listLayers() must be in execution order (the convolution before the ReLU).');
        for (const index of [conv, relu]) {
          const layer = listed[index]!;
          check(layer.outputShape.length === 4, `"${layer.name}" must have a 4-D output shape.`);
          const { channels, height, width } = spatialDimensions(
            layer.outputShape.map((size) => size ?? -1),
            layer.layout ?? backend.input.layout,
          );
          check(
            channels === model.channels && height === model.height && width === model.width,
            `"${layer.name}" output shape [${layer.outputShape.join(', ')}] does not describe ${model.channels} channels of ${model.height}x${model.width}.`,
          );
        }
      },
    },
  ];
}
