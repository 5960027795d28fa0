import { GradientNotSupportedError } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { float, type ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches, gradientCheck } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';

/** conv → BN → relu ─┬→ conv → add → tanh → GAP → flatten → gemm → softmax, with a skip connection. */
const residual: ModelSpec = {
  opset: 13,
  inputs: [{ name: 'x', shape: ['N', 2, 4, 4] }],
  outputs: ['probabilities'],
  initializers: [
    randomConstant('w1', [3, 2, 3, 3], 111),
    randomConstant('scale', [3], 112),
    randomConstant('bias', [3], 113),
    randomConstant('mean', [3], 114),
    { name: 'var', dims: [3], values: [1.2, 0.4, 0.9] },
    randomConstant('w2', [3, 3, 3, 3], 115),
    randomConstant('dense', [4, 3], 116, 4),
    randomConstant('dense_bias', [4], 117, 0.1),
  ],
  nodes: [
    { op: 'Conv', inputs: ['x', 'w1'], outputs: ['c1'], attributes: { pads: [1, 1, 1, 1] } },
    { op: 'BatchNormalization', inputs: ['c1', 'scale', 'bias', 'mean', 'var'], outputs: ['b1'] },
    { op: 'Relu', inputs: ['b1'], outputs: ['r1'] },
    { op: 'Conv', inputs: ['r1', 'w2'], outputs: ['c2'], attributes: { pads: [1, 1, 1, 1] } },
    { op: 'Add', inputs: ['c2', 'r1'], outputs: ['sum'] },
    { op: 'Tanh', inputs: ['sum'], outputs: ['r2'] },
    { op: 'GlobalAveragePool', inputs: ['r2'], outputs: ['pool'] },
    { op: 'Flatten', inputs: ['pool'], outputs: ['flat'] },
    {
      op: 'Gemm',
      inputs: ['flat', 'dense', 'dense_bias'],
      outputs: ['logits'],
      attributes: { transB: 1, alpha: float(1) },
    },
    { op: 'Softmax', inputs: ['logits'], outputs: ['probabilities'] },
  ],
};

describe('the backward pass over a graph', () => {
  it('a residual block: the skip connection and the main path add up (through BN and ReLU)', async () => {
    // eps = 3e-3 rather than 1e-3: the float32 scores' rounding over 2 eps dominates at 1e-3 (1.1e-3 of the peak
    // on seed 7's input, 3.9e-4 at 3e-3), and 1e-2 would cross the ReLU after BN for some entries.
    await expectGradientMatches('residual block at c1 (pre-softmax scores)', {
      model: residual,
      target: 'c1',
      score: 'auto',
      batch: 2,
      eps: 3e-3,
    });
  });

  it('the same block explaining the softmax probabilities (named output)', async () => {
    // The probabilities' gradient is small (peak 0.08), so float32 rounding over 2 eps weighs more: 1.5e-3 of the
    // peak at eps = 1e-3, 6.7e-4 at 3e-3 (the path after r1 is smooth).
    await expectGradientMatches('residual block at r1 (probabilities)', {
      model: residual,
      target: 'r1',
      score: 'probabilities',
      batch: 2,
      eps: 3e-3,
    });
  });

  it('integer side paths (Shape → Reshape) are not differentiated', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 3] }],
      outputs: ['y'],
      initializers: [randomConstant('c', [3], 118)],
      nodes: [
        { op: 'Mul', inputs: ['x', 'c'], outputs: ['m'] },
        { op: 'Shape', inputs: ['x'], outputs: ['s'] },
        { op: 'Reshape', inputs: ['m', 's'], outputs: ['y'] },
      ],
    };
    await expectGradientMatches('Mul → Reshape(Shape(x))', { model });
  });

  it('nodes off the path without a rule (constant folding material) are fine', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 3] }],
      outputs: ['y'],
      initializers: [randomConstant('c', [3], 119)],
      nodes: [
        { op: 'Sin', inputs: ['c'], outputs: ['sc'] },
        { op: 'Mul', inputs: ['x', 'sc'], outputs: ['y'] },
      ],
    };
    await expectGradientMatches('Mul(x, Sin(c))', { model });
  });

  it('an operator without a rule on the path gives GradientNotSupportedError naming it and its node', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 3] }],
      outputs: ['y'],
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['r'] },
        { op: 'Sin', inputs: ['r'], outputs: ['y'], name: 'the_sine' },
      ],
    };
    const failure = await gradientCheck({ model }).catch((error: unknown) => error);
    expect(GradientNotSupportedError.isInstance(failure)).toBe(true);
    const error = failure as GradientNotSupportedError;
    expect(error.operation).toBe('Sin');
    expect(error.node).toBe('the_sine');
    expect(error.message).toMatch(/gradient-free method/);
  });

  it('a rule that cannot handle an attribute says why', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [1, 2, 4] }],
      outputs: ['y'],
      nodes: [{ op: 'Pad', inputs: ['x', 'pads'], outputs: ['y'], attributes: { mode: 'reflect' } }],
      initializers: [{ name: 'pads', dims: [6], values: [0, 0, 1, 0, 0, 1], type: 7 }],
    };
    const failure = await gradientCheck({ model }).catch((error: unknown) => error);
    expect(GradientNotSupportedError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/mode 'reflect'/);
  });
});
