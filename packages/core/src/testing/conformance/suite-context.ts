import type { Backend, GradientResult } from '../../backend/v1/backend-v1.js';
import { toLayout } from '../../math/to-layout.js';
import type { Target } from '../../target/target.js';
import { resolveTarget } from '../../target/target-weights.js';
import { requireSpatial, type SpatialTensor, spatialDimensions } from '../../tensor.js';
import { check, checkClose } from '../assertions.js';
import {
  type ConformanceModel,
  conformanceForward,
  conformanceGradient,
  conformanceInput,
  conformanceModel,
} from '../conformance-model.js';
import type { ConformanceOptions, LoadedConformanceBackend } from './conformance-case.js';

/** What every group of cases shares: the model, the tolerances, inputs and the expected gradients. */
export interface SuiteContext {
  /** The conformance model whose closed forms the cases check against. */
  readonly model: ConformanceModel;
  /** Relative-and-absolute tolerance of value checks. */
  readonly tolerance: number;
  /** Calls made by the repeated-calls and leak checks. */
  readonly repetitions: number;
  /** A seeded input batch in the backend's layout. */
  readonly inputFor: (backend: Backend, batch: number, seed?: number) => SpatialTensor;
  /** The closed-form forward pass and gradient, in the layout of `result`. */
  readonly expectedGradient: (
    loaded: LoadedConformanceBackend,
    input: SpatialTensor,
    target: Target,
    atConv: boolean,
    result: GradientResult,
  ) => { forward: ReturnType<typeof conformanceForward>; gradient: Float32Array };
  /** One gradient call checked against the closed forms: scores, activations, gradient, classes, shapes. */
  readonly checkGradientCall: (
    loaded: LoadedConformanceBackend,
    batch: number,
    target: Target,
    atConv: boolean,
  ) => Promise<void>;
}

/** The shared state of one run of the suite. */
export function suiteContext(options: ConformanceOptions): SuiteContext {
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
    return {
      forward,
      gradient: sameLayout(gradient, forward.relu, requireSpatial(result.gradients, 'gradients'), loaded),
    };
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
      sameLayout(activations.data, activations, requireSpatial(result.activations, 'activations'), loaded),
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

  return { model, tolerance, repetitions, inputFor, expectedGradient, checkGradientCall };
}

/** Expected values computed in `reference`'s layout, re-ordered into `actual`'s layout when they differ. */
export function sameLayout(
  values: Float32Array,
  reference: SpatialTensor,
  actual: SpatialTensor,
  _loaded: LoadedConformanceBackend,
): Float32Array {
  return toLayout({ data: values, shape: reference.shape, layout: reference.layout }, actual.layout).data;
}

export function checkShapes(
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
