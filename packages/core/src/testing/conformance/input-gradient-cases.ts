import type { Backend, InputGradientResult } from '../../backend/v1/backend-v1.js';
import { ClassIndexOutOfRangeError } from '../../errors/class-index-out-of-range-error.js';
import { InvalidTensorError } from '../../errors/invalid-tensor-error.js';
import { LayoutMismatchError } from '../../errors/layout-mismatch-error.js';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import type { Target } from '../../target/target.js';
import { resolveTarget } from '../../target/target-weights.js';
import type { SpatialTensor } from '../../tensor.js';
import { check, checkClose, checkRejects } from '../assertions.js';
import {
  type ConformanceModel,
  conformanceForward,
  conformanceInput,
  conformanceInputGradient,
} from '../conformance-model.js';
import type { ConformanceCase } from './conformance-case.js';

/** What the input-gradient cases share with the rest of the suite. */
export interface InputGradientCaseOptions {
  /** The conformance model. */
  readonly model: ConformanceModel;
  /** Value tolerance, as in the suite. */
  readonly tolerance: number;
  /** Calls made by the leak check. */
  readonly repetitions: number;
}

/**
 * The conformance cases of {@link Backend.forwardWithInputGradient}: the gradient with respect to the input
 * against the closed form (through the convolution, plain and guided), shapes, fresh buffers, typed errors and
 * leaks. They run when the backend declares `capabilities.inputGradients`.
 */
export function inputGradientCases(options: InputGradientCaseOptions): ConformanceCase[] {
  const { model, tolerance, repetitions } = options;
  const { classes } = model;
  const inputFor = (backend: Backend, batch: number, seed: number) =>
    conformanceInput(model, batch, backend.input.layout, seed);
  const call = (backend: Backend, input: SpatialTensor, target: Target, guided?: boolean) =>
    backend.forwardWithInputGradient!({ input, target, ...(guided === undefined ? {} : { guided }) });

  const checkCall = async (
    backend: Backend,
    batch: number,
    seed: number,
    target: Target,
    guided: boolean,
  ): Promise<{ result: InputGradientResult; expected: Float32Array }> => {
    const input = inputFor(backend, batch, seed);
    const copy = input.data.slice();
    const result = await call(backend, input, target, guided);
    checkClose(input.data, copy, 0, 'the input must not be modified');
    const forward = conformanceForward(model, input);
    const resolved = resolveTarget(target, { data: forward.scores, shape: [batch, classes] });
    const expected = conformanceInputGradient(model, forward, resolved.weights, guided);
    check(
      result.scores.shape[0] === batch && result.scores.shape[1] === classes,
      `scores shape is [${result.scores.shape.join(', ')}], expected [${batch}, ${classes}].`,
    );
    checkClose(result.scores.data, forward.scores, tolerance, 'scores');
    check(
      result.gradients.layout === input.layout &&
        result.gradients.shape.length === 4 &&
        result.gradients.shape.every((size, axis) => size === input.shape[axis]),
      `input gradient shape [${result.gradients.shape.join(', ')}] (${result.gradients.layout}) is not the ` +
        `input's [${input.shape.join(', ')}] (${input.layout}).`,
    );
    check(result.gradients.data instanceof Float32Array, 'gradients.data must be a Float32Array.');
    checkClose(result.gradients.data, expected, tolerance, `${guided ? 'guided ' : ''}input gradient`);
    check(
      JSON.stringify(result.classIndices) === JSON.stringify(resolved.classIndices),
      `classIndices: expected ${JSON.stringify(resolved.classIndices)}, got ${JSON.stringify(result.classIndices)}.`,
    );
    return { result, expected };
  };

  return [
    {
      name: 'input gradient equals the closed form through the convolution, top-1 target',
      requires: ['inputGradients'],
      async run({ backend }) {
        await checkCall(backend, 1, 61, { kind: 'top' }, false);
      },
    },
    {
      name: 'input gradient of a batch with one class per sample, and of a weighting of the scores',
      requires: ['inputGradients'],
      async run({ backend }) {
        await checkCall(backend, 3, 62, { kind: 'class', index: [2, 0, 1] }, false);
        await checkCall(backend, 2, 63, { kind: 'weights', weights: [1, 0, -1] }, false);
      },
    },
    {
      name: 'guided input gradient: the ReLU passes only positive gradient where its input is positive',
      requires: ['inputGradients'],
      async run({ backend }) {
        const target: Target = { kind: 'class', index: [0, 1, 2] };
        const guided = await checkCall(backend, 3, 64, target, true);
        const plain = await checkCall(backend, 3, 64, target, false);
        // The closed forms differ for this model (some dense weights are negative), so the case can tell them apart.
        let differs = false;
        for (let index = 0; index < plain.expected.length; index++) {
          if (Math.abs(plain.expected[index]! - guided.expected[index]!) > 10 * tolerance) differs = true;
        }
        check(differs, 'the guided and plain closed forms coincide: the conformance model changed.');
        checkClose(guided.result.scores.data, plain.result.scores.data, tolerance, 'scores of a guided call');
      },
    },
    {
      name: 'input gradients come in fresh buffers and bad inputs or classes are rejected with typed errors',
      requires: ['inputGradients'],
      async run({ backend }) {
        const input = inputFor(backend, 1, 65);
        const first = await call(backend, input, { kind: 'top' });
        const buffers = [first.scores.data.buffer, first.gradients.data.buffer];
        check(buffers[0] !== buffers[1], 'scores and gradients must not share a buffer.');
        check(
          !buffers.includes(input.data.buffer as ArrayBuffer),
          'results must not share the input buffer.',
        );
        const expected = first.gradients.data.slice();
        first.gradients.data.fill(Number.NaN);
        const second = await call(backend, input, { kind: 'top' });
        check(
          !buffers.includes(second.gradients.data.buffer as ArrayBuffer),
          'a second call returned a buffer of the first call.',
        );
        checkClose(
          second.gradients.data,
          expected,
          0,
          'input gradient after the caller overwrote the previous one',
        );
        const [n, a, b, c] = input.shape;
        await checkRejects(
          call(
            backend,
            { data: new Float32Array(n * a * b * (c + 1)), shape: [n, a, b, c + 1], layout: input.layout },
            { kind: 'top' },
          ),
          ShapeMismatchError.isInstance,
          'forwardWithInputGradient with an input of the wrong shape',
        );
        const flipped = conformanceInput(model, 1, input.layout === 'nchw' ? 'nhwc' : 'nchw');
        await checkRejects(
          call(backend, flipped, { kind: 'top' }),
          LayoutMismatchError.isInstance,
          'forwardWithInputGradient with an input in the other layout',
        );
        const withNaN = input.data.slice();
        withNaN[3] = Number.NaN;
        await checkRejects(
          call(backend, { ...input, data: withNaN }, { kind: 'top' }, true),
          InvalidTensorError.isInstance,
          'forwardWithInputGradient with an input holding NaN',
        );
        await checkRejects(
          call(backend, input, { kind: 'class', index: classes }),
          (error) => ClassIndexOutOfRangeError.isInstance(error) && error.numClasses === classes,
          `forwardWithInputGradient with class index ${classes}`,
        );
      },
    },
    {
      name: 'input-gradient calls free every framework tensor, also on errors',
      requires: ['inputGradients', 'countLiveTensors'],
      async run({ backend }) {
        const input = inputFor(backend, 2, 66);
        await call(backend, input, { kind: 'top' }, true);
        const before = backend.countLiveTensors!();
        for (let index = 0; index < repetitions; index++) {
          await call(backend, input, { kind: 'class', index: index % classes }, index % 2 === 0);
        }
        await call(backend, input, { kind: 'class', index: classes }).catch(() => undefined);
        const after = backend.countLiveTensors!();
        check(
          after === before,
          `live tensors grew from ${before} to ${after} over ${repetitions + 1} calls.`,
        );
      },
    },
  ];
}
