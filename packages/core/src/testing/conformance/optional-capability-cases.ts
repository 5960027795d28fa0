import { CapabilityNotSupportedError } from '../../errors/capability-not-supported-error.js';
import { toLayout } from '../../math/to-layout.js';
import { requireSpatial } from '../../tensor.js';
import { check, checkClose, checkRejects } from '../assertions.js';
import { conformanceForward } from '../conformance-model.js';
import type { ConformanceCase } from './conformance-case.js';
import { type SuiteContext, sameLayout } from './suite-context.js';

/**
 * The optional capabilities: `forward`, `headFromActivations`, `layerBiases`, and backends without gradients
 * (input gradients have their own group).
 */
export function optionalCapabilityCases(context: SuiteContext): ConformanceCase[] {
  const { model, tolerance, inputFor } = context;
  const { classes } = model;
  return [
    {
      name: 'forward() gives the scores and the activations asked for',
      requires: ['forward'],
      async run(loaded) {
        const { backend, layers } = loaded;
        const input = inputFor(backend, 3, 41);
        const result = await backend.forward!({ input, layers: [layers.relu] });
        const forward = conformanceForward(model, input);
        check(
          result.scores.shape[0] === 3 && result.scores.shape[1] === classes,
          `scores shape [${result.scores.shape.join(', ')}].`,
        );
        checkClose(result.scores.data, forward.scores, tolerance, 'forward scores');
        const found = result.activations[layers.relu];
        check(found !== undefined, `forward() did not return the activations of "${layers.relu}".`);
        const activations = requireSpatial(found, 'forward activations');
        checkClose(
          activations.data,
          sameLayout(forward.relu.data, forward.relu, activations, loaded),
          tolerance,
          'forward activations',
        );
        const plain = await backend.forward!({ input });
        checkClose(plain.scores.data, forward.scores, tolerance, 'forward scores without layers');
      },
    },
    {
      name: 'headFromActivations() maps the layer activations to the scores',
      requires: ['headFromActivations'],
      async run(loaded) {
        const { backend, layers } = loaded;
        const input = inputFor(backend, 2, 51);
        const forward = conformanceForward(model, input);
        const layerInfo = (await backend.listLayers()).find((layer) => layer.name === layers.relu);
        const layout = layerInfo?.layout ?? backend.input.layout;
        const activations = toLayout(forward.relu, layout === 'ntc' ? backend.input.layout : layout);
        const scores = await backend.headFromActivations!({ layer: layers.relu, activations });
        checkClose(scores.data, forward.scores, tolerance, 'head scores');
        const zeroed = { ...activations, data: new Float32Array(activations.data.length) };
        const bias = await backend.headFromActivations!({ layer: layers.relu, activations: zeroed });
        const expectedBias = Array.from(
          { length: 2 * classes },
          (_, index) => model.denseBias[index % classes]!,
        );
        checkClose(bias.data, expectedBias, tolerance, 'head scores of zero activations (the dense bias)');
      },
    },
    {
      name: 'a forward-only backend rejects gradient calls with CapabilityNotSupportedError',
      requires: ['noGradients'],
      async run({ backend, layers }) {
        await checkRejects(
          backend.forwardWithGradient({
            input: inputFor(backend, 1),
            layer: layers.relu,
            target: { kind: 'top' },
          }),
          CapabilityNotSupportedError.isInstance,
          'gradient call on a forward-only backend',
        );
      },
    },
    {
      name: "layerBiases() lists the convolution's bias under a layer name forwardWithGradient accepts",
      requires: ['layerBiases', 'gradients'],
      async run({ backend, layers }) {
        const listed = await backend.layerBiases!();
        const conv = listed.find((entry) => entry.layer === layers.conv);
        check(conv !== undefined, `layerBiases() does not list the convolution "${layers.conv}".`);
        checkClose(conv.bias, model.convBias, tolerance, `bias of "${layers.conv}"`);
        check(
          !listed.some((entry) => entry.layer === layers.relu),
          `layerBiases() lists the ReLU "${layers.relu}", which adds no bias.`,
        );
        for (const entry of listed) {
          await backend.forwardWithGradient({
            input: inputFor(backend, 1),
            layer: entry.layer,
            target: { kind: 'top' },
          });
        }
      },
    },
  ];
}
