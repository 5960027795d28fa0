import { seededRandom } from '@gradcam/core/testing';
import * as ort from 'onnxruntime-node';
import { ModelGraph } from '../../src/graph/model-graph.js';
import { buildForwardModel } from '../../src/models/forward-model.js';
import { buildGradientModel } from '../../src/models/gradient-model.js';
import { buildHeadModel } from '../../src/models/head-model.js';
import { probe } from '../../src/models/probe.js';
import { ProbedModel } from '../../src/models/probed-model.js';
import { selectScoreTensor } from '../../src/models/score-tensor.js';
import { DataType } from '../../src/proto/data-type.js';
import { readModel } from '../../src/proto/read-model.js';
import { writeModel } from '../../src/proto/write-model.js';
import type { OrtSession } from '../../src/runtime/ort-module.js';
import { buildModel, type ModelSpec } from './build-model.js';

/** How to draw the input values. */
export interface InputValues {
  /** Values are drawn in `[-scale, scale]`. @default 1 */
  readonly scale?: number;
  /** Points (kinks) the values keep at least `margin` away from. @default none */
  readonly avoid?: readonly number[];
  /** @default 0.05 */
  readonly margin?: number;
  /** Distinct, well-separated values (for max pooling: no near-ties). @default false */
  readonly distinct?: boolean;
}

/** One finite-difference check. */
export interface GradientCase {
  /** The model: its first input is the image, its first output the score. */
  readonly model: ModelSpec;
  /** The tensor to differentiate with respect to. @default the first input */
  readonly target?: string;
  /** The input values (or how to draw them). */
  readonly input?: Float32Array | InputValues;
  /** Central-difference step. @default 1e-3 */
  readonly eps?: number;
  /** Seed of the random input and score weights. @default 7 */
  readonly seed?: number;
  /** Batch size to check at when the input's batch axis is free. @default 1 */
  readonly batch?: number;
  /** The score tensor; `'auto'` for the backend's choice (skipping a final softmax). @default the first output */
  readonly score?: string;
}

/** The outcome: worst difference relative to the gradient's peak. */
export interface GradientCheckResult {
  readonly relativeError: number;
  readonly peak: number;
  readonly count: number;
  readonly analytic: Float32Array;
  readonly numeric: Float64Array;
}

const sessionOf = (bytes: Uint8Array) => ort.InferenceSession.create(bytes) as unknown as Promise<OrtSession>;

/** Draws input values. */
export function drawInput(count: number, values: InputValues, seed: number): Float32Array {
  const random = seededRandom(seed);
  const scale = values.scale ?? 1;
  if (values.distinct) {
    const ladder = Array.from(
      { length: count },
      (_, index) => ((2 * index) / Math.max(count - 1, 1) - 1) * scale,
    );
    for (let index = count - 1; index > 0; index--) {
      const other = Math.floor(((random() + 1) / 2) * (index + 1)) % (index + 1);
      [ladder[index], ladder[other]] = [ladder[other]!, ladder[index]!];
    }
    return Float32Array.from(ladder);
  }
  const margin = values.margin ?? 0.05;
  return Float32Array.from({ length: count }, () => {
    for (;;) {
      const value = random() * scale;
      if (!(values.avoid ?? []).some((point) => Math.abs(value - point) < margin)) return value;
    }
  });
}

/**
 * Runs the generated gradient model and compares its gradient with central finite differences of
 * `sum_k w_k * scores_k` (random `w`, float64 accumulation) computed by ONNX Runtime on the model itself.
 */
export async function gradientCheck(testCase: GradientCase): Promise<GradientCheckResult> {
  const seed = testCase.seed ?? 7;
  const eps = testCase.eps ?? 1e-3;
  const bytes = buildModel(testCase.model);
  const graph = new ModelGraph(readModel(bytes));
  const declared = testCase.model.inputs[0]!;
  const inputShape = declared.shape.map((size) => (typeof size === 'number' ? size : null));
  const probed = new ProbedModel(
    graph,
    await probe(ort, graph, inputShape, declared.type ?? DataType.FLOAT, undefined),
  );
  const score =
    testCase.score === 'auto'
      ? selectScoreTensor(graph).tensor
      : selectScoreTensor(graph, testCase.score ?? testCase.model.outputs[0]).tensor;
  const target = testCase.target ?? declared.name;
  const shape = inputShape.map((size) => size ?? testCase.batch ?? 1);
  const inputCount = shape.reduce((product, size) => product * size, 1);
  const input =
    testCase.input instanceof Float32Array
      ? testCase.input
      : drawInput(inputCount, testCase.input ?? {}, seed);

  const gradientModel = buildGradientModel(probed, target, score);
  const gradientSession = await sessionOf(writeModel(gradientModel.model));
  const scoreInfo = probed.info(score)!;
  const rows = scoreInfo.dynamic[0] ? shape[0]! : scoreInfo.shape[0]!;
  const classes = scoreInfo.shape.slice(1).reduce((product, size) => product * size, 1);
  const random = seededRandom(seed + 1000);
  const weights = Float32Array.from({ length: rows * classes }, () => random());
  const results = await gradientSession.run({
    [gradientModel.feeds.input]: new ort.Tensor('float32', input, shape),
    [gradientModel.feeds.weights]: new ort.Tensor('float32', weights, [rows, classes]),
    [gradientModel.feeds.top]: new ort.Tensor('float32', new Float32Array([0]), [1]),
  });
  const analytic = new Float32Array(results[gradientModel.fetches.gradients]!.data as Float32Array);
  const point = new Float32Array(results[gradientModel.fetches.activations]!.data as Float32Array);
  const pointShape = [...results[gradientModel.fetches.activations]!.dims];
  await gradientSession.release?.();

  let evaluate: (values: Float32Array) => Promise<number>;
  let release: () => Promise<void>;
  const objective = (scores: Float32Array) => {
    let total = 0;
    for (let index = 0; index < weights.length; index++) total += weights[index]! * scores[index]!;
    return total;
  };
  if (target === declared.name) {
    const forward = buildForwardModel(probed, score, []);
    const session = await sessionOf(writeModel(forward.model));
    evaluate = async (values) => {
      const out = await session.run({ [forward.input]: new ort.Tensor('float32', values, shape) });
      return objective(out[forward.scores]!.data as Float32Array);
    };
    release = async () => session.release?.();
  } else {
    const head = buildHeadModel(probed, target, score, 'test');
    const session = await sessionOf(writeModel(head.model));
    evaluate = async (values) => {
      const out = await session.run({ [head.input]: new ort.Tensor('float32', values, pointShape) });
      return objective(out[head.scores]!.data as Float32Array);
    };
    release = async () => session.release?.();
  }
  const numeric = new Float64Array(point.length);
  const values = point.slice();
  for (let index = 0; index < point.length; index++) {
    const original = values[index]!;
    values[index] = original + eps;
    const plus = await evaluate(values);
    values[index] = original - eps;
    const minus = await evaluate(values);
    values[index] = original;
    numeric[index] = (plus - minus) / (2 * eps);
  }
  await release();
  let peak = 0;
  let worst = 0;
  for (let index = 0; index < numeric.length; index++) peak = Math.max(peak, Math.abs(numeric[index]!));
  for (let index = 0; index < numeric.length; index++) {
    const difference = Math.abs(analytic[index]! - numeric[index]!);
    worst = Math.max(worst, Number.isNaN(difference) ? Number.POSITIVE_INFINITY : difference);
  }
  if (analytic.length !== numeric.length) throw new Error('gradient and activation sizes differ');
  return { relativeError: worst / Math.max(peak, 1e-6), peak, count: numeric.length, analytic, numeric };
}

/** Runs {@link gradientCheck}, logs the relative error, and throws when it exceeds `tolerance`. */
export async function expectGradientMatches(
  label: string,
  testCase: GradientCase,
  tolerance = 1e-3,
): Promise<GradientCheckResult> {
  const result = await gradientCheck(testCase);
  console.info(
    `[finite differences] ${label}: relative error ${result.relativeError.toExponential(2)} over ${result.count} values (peak ${result.peak.toPrecision(3)})`,
  );
  if (!(result.relativeError < tolerance)) {
    throw new Error(
      `${label}: gradient differs from finite differences by ${result.relativeError.toExponential(2)} of its peak (tolerance ${tolerance}).`,
    );
  }
  if (!(result.peak > 0)) throw new Error(`${label}: the gradient is all zeros; the check proves nothing.`);
  return result;
}
