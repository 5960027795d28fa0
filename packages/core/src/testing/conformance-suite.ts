import type { Backend, BackendCapabilities, GradientResult } from '../backend/v1/backend-v1.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { ClassIndexOutOfRangeError } from '../errors/class-index-out-of-range-error.js';
import { InvalidTensorError } from '../errors/invalid-tensor-error.js';
import { LayoutMismatchError } from '../errors/layout-mismatch-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { UnknownLayerError } from '../errors/unknown-layer-error.js';
import { explain } from '../explain/explain.js';
import { minMaxNormalize } from '../math/min-max-normalize.js';
import { resizeBilinear } from '../math/resize-bilinear.js';
import { toLayout } from '../math/to-layout.js';
import { weightedChannelSum } from '../math/weighted-channel-sum.js';
import type { Target } from '../target/target.js';
import { resolveTarget } from '../target/target-weights.js';
import { type SpatialTensor, spatialDimensions } from '../tensor.js';
import { check, checkClose, checkRejects } from './assertions.js';
import {
  type ConformanceModel,
  conformanceForward,
  conformanceGradient,
  conformanceInput,
  conformanceModel,
} from './conformance-model.js';

/** What an adapter's loader returns for the conformance model. */
export interface LoadedConformanceBackend {
  /** A backend running the conformance model. */
  readonly backend: Backend;
  /** The backend's names for the convolution output (before ReLU) and the ReLU output. */
  readonly layers: { readonly conv: string; readonly relu: string };
}

/** Options of the conformance suite. */
export interface ConformanceOptions {
  /** Builds the {@link ConformanceModel} in the adapter's runtime and wraps it in its backend. */
  readonly load: (model: ConformanceModel) => Promise<LoadedConformanceBackend>;
  /**
   * Relative-and-absolute tolerance of value checks: `|actual - expected| <= tolerance * (1 + |expected|)`.
   * @default 1e-4
   */
  readonly tolerance?: number;
  /** Calls made by the repeated-calls and leak checks. @default 20 */
  readonly repetitions?: number;
}

/** A capability a conformance case needs; a backend that does not declare it gets the case skipped. */
export type ConformanceCapability =
  | keyof Pick<BackendCapabilities, 'gradients' | 'forward' | 'headFromActivations'>
  | 'countLiveTensors'
  | 'noGradients';

/** One check of the suite. */
export interface ConformanceCase {
  /** What it checks. */
  readonly name: string;
  /** Capabilities it needs: the case is skipped, saying so, when the backend lacks one. */
  readonly requires: readonly ConformanceCapability[];
  /** Runs the check against a freshly loaded backend; rejects with a `ConformanceError` on failure. */
  readonly run: (loaded: LoadedConformanceBackend) => Promise<void>;
}

function hasCapability(backend: Backend, capability: ConformanceCapability): boolean {
  if (capability === 'countLiveTensors') return typeof backend.countLiveTensors === 'function';
  if (capability === 'noGradients') return !backend.capabilities.gradients;
  return backend.capabilities[capability];
}

/**
 * The capabilities a case needs that `backend` does not declare (empty when the case can run).
 */
export function missingCapabilities(backend: Backend, testCase: ConformanceCase): ConformanceCapability[] {
  return testCase.requires.filter((capability) => !hasCapability(backend, capability));
}

/**
 * The conformance suite: the checks every backend must pass, as plain data. Run them with
 * {@link describeConformance} (vitest, jest, mocha, node:test) or {@link runConformance} (anywhere).
 */
export function conformanceCases(options: ConformanceOptions): ConformanceCase[] {
  const model = conformanceModel();
  const tolerance = options.tolerance ?? 1e-4;
  const repetitions = options.repetitions ?? 20;
  const { classes } = model;
  const inputFor = (backend: Backend, batch: number, seed = 1) =>
    conformanceInput(model, batch, backend.input.layout, seed);
  const expectedGradient = (
    loaded: LoadedConformanceBackend,
    input: SpatialTensor,
    target: Target,
    atConv: boolean,
    result: GradientResult,
  ) => {
    const forward = conformanceForward(model, input);
    const weights = resolveTarget(target, { data: forward.scores, shape: [input.shape[0], classes] }).weights;
    const gradient = conformanceGradient(model, forward, weights, atConv);
    return { forward, gradient: sameLayout(gradient, forward.relu, result.gradients, loaded) };
  };

  const checkGradientCall = async (
    loaded: LoadedConformanceBackend,
    batch: number,
    target: Target,
    atConv: boolean,
  ) => {
    const { backend, layers } = loaded;
    const input = inputFor(backend, batch, batch + (atConv ? 7 : 0));
    const inputCopy = input.data.slice();
    const layer = atConv ? layers.conv : layers.relu;
    const result = await backend.forwardWithGradient({ input, layer, target });
    checkClose(input.data, inputCopy, 0, 'the input must not be modified');
    const { forward, gradient } = expectedGradient(loaded, input, target, atConv, result);
    checkShapes(result, batch, model, loaded);
    checkClose(result.scores.data, forward.scores, tolerance, 'scores');
    const activations = atConv ? forward.conv : forward.relu;
    checkClose(
      result.activations.data,
      sameLayout(activations.data, activations, result.activations, loaded),
      tolerance,
      `activations of "${layer}"`,
    );
    checkClose(result.gradients.data, gradient, tolerance, `gradient at "${layer}"`);
    const resolved = resolveTarget(target, { data: forward.scores, shape: [batch, classes] });
    check(
      JSON.stringify(result.classIndices) === JSON.stringify(resolved.classIndices),
      `classIndices: expected ${JSON.stringify(resolved.classIndices)}, got ${JSON.stringify(result.classIndices)}.`,
    );
  };

  const cases: ConformanceCase[] = [
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
    {
      name: 'repeated calls give identical results',
      requires: ['gradients'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 1, 11);
        const first = await backend.forwardWithGradient({
          input,
          layer: layers.relu,
          target: { kind: 'top' },
        });
        for (let call = 1; call < repetitions; call++) {
          const again = await backend.forwardWithGradient({
            input,
            layer: layers.relu,
            target: { kind: 'top' },
          });
          checkClose(again.gradients.data, first.gradients.data, 0, `gradient of call ${call}`);
          checkClose(again.scores.data, first.scores.data, 0, `scores of call ${call}`);
        }
      },
    },
    {
      name: 'concurrent calls on different inputs do not interfere',
      requires: ['gradients'],
      async run(loaded) {
        const { backend, layers } = loaded;
        const inputs = [1, 2, 3, 4].map((seed) => inputFor(backend, 1, 100 + seed));
        const targets: Target[] = [0, 1, 2, 1].map((index) => ({ kind: 'class', index }));
        const results = await Promise.all(
          inputs.map((input, index) =>
            backend.forwardWithGradient({ input, layer: layers.relu, target: targets[index]! }),
          ),
        );
        results.forEach((result, index) => {
          const { forward, gradient } = expectedGradient(
            loaded,
            inputs[index]!,
            targets[index]!,
            false,
            result,
          );
          checkClose(result.scores.data, forward.scores, tolerance, `scores of concurrent call ${index}`);
          checkClose(result.gradients.data, gradient, tolerance, `gradient of concurrent call ${index}`);
        });
      },
    },
    {
      name: 'returns fresh buffers that the caller owns',
      requires: ['gradients'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 1, 21);
        const request = { input, layer: layers.relu, target: { kind: 'top' } as const };
        const first = await backend.forwardWithGradient(request);
        const buffers = [first.scores.data, first.activations.data, first.gradients.data].map(
          (array) => array.buffer,
        );
        check(new Set(buffers).size === 3, 'scores, activations and gradients must not share a buffer.');
        check(
          !buffers.includes(input.data.buffer as ArrayBuffer),
          'results must not share the input buffer.',
        );
        const expected = first.gradients.data.slice();
        first.gradients.data.fill(Number.NaN);
        first.scores.data.fill(Number.NaN);
        const second = await backend.forwardWithGradient(request);
        check(
          ![second.scores.data, second.activations.data, second.gradients.data].some((array) =>
            buffers.includes(array.buffer as ArrayBuffer),
          ),
          'a second call returned a buffer of the first call.',
        );
        checkClose(
          second.gradients.data,
          expected,
          0,
          'gradient after the caller overwrote the previous result',
        );
      },
    },
    {
      name: 'frees every framework tensor, also on errors',
      requires: ['gradients', 'countLiveTensors'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 2, 31);
        await backend.forwardWithGradient({ input, layer: layers.relu, target: { kind: 'top' } });
        const before = backend.countLiveTensors!();
        for (let call = 0; call < repetitions; call++) {
          await backend.forwardWithGradient({
            input,
            layer: layers.relu,
            target: { kind: 'class', index: call % 3 },
          });
        }
        await backend
          .forwardWithGradient({ input, layer: layers.relu, target: { kind: 'class', index: classes } })
          .catch(() => undefined);
        const after = backend.countLiveTensors!();
        check(
          after === before,
          `live tensors grew from ${before} to ${after} over ${repetitions + 1} calls.`,
        );
      },
    },
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
          const relu = activations[layers.relu]!;
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
        const activations = result.activations[layers.relu];
        check(activations !== undefined, `forward() did not return the activations of "${layers.relu}".`);
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
        const activations = toLayout(forward.relu, layout);
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
  ];
  return cases;
}

/** Expected values computed in `reference`'s layout, re-ordered into `actual`'s layout when they differ. */
function sameLayout(
  values: Float32Array,
  reference: SpatialTensor,
  actual: SpatialTensor,
  _loaded: LoadedConformanceBackend,
): Float32Array {
  return toLayout({ data: values, shape: reference.shape, layout: reference.layout }, actual.layout).data;
}

function checkShapes(
  result: GradientResult,
  batch: number,
  model: ConformanceModel,
  _loaded: LoadedConformanceBackend,
): void {
  const { classes, channels, height, width } = model;
  check(
    result.scores.shape[0] === batch && result.scores.shape[1] === classes,
    `scores shape is [${result.scores.shape.join(', ')}], expected [${batch}, ${classes}].`,
  );
  check(result.scores.data.length === batch * classes, 'scores.data.length does not match its shape.');
  for (const [what, tensor] of [
    ['activations', result.activations],
    ['gradients', result.gradients],
  ] as const) {
    const dims = spatialDimensions(tensor.shape, tensor.layout);
    check(
      dims.batch === batch && dims.channels === channels && dims.height === height && dims.width === width,
      `${what} shape [${tensor.shape.join(', ')}] (${tensor.layout}) is not ${batch} x ${channels} channels x ${height}x${width}.`,
    );
    check(
      tensor.data.length === batch * channels * height * width,
      `${what}.data.length does not match its shape.`,
    );
    check(tensor.data instanceof Float32Array, `${what}.data must be a Float32Array.`);
  }
  check(
    result.activations.layout === result.gradients.layout,
    'activations and gradients must have the same layout.',
  );
  check(
    result.classIndices.length === batch,
    `classIndices has ${result.classIndices.length} entries for ${batch} samples.`,
  );
}
