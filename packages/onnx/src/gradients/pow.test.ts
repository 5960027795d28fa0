import { describe, it } from 'vitest';
import type { ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';

const scalar = (name: string, value: number) => ({ name, dims: [], values: [value] });

describe('Pow, Sqrt, Reciprocal, Exp, Log backward against finite differences', () => {
  it('Pow with a constant exponent 2', async () => {
    await expectGradientMatches('Pow 2', {
      model: singleOp({ op: 'Pow', input: [2, 5], inputs: ['e'], constants: [scalar('e', 2)] }),
    });
  });
  it('Pow with an int64 exponent 3 (opset 15)', async () => {
    await expectGradientMatches('Pow int exponent', {
      model: singleOp({
        op: 'Pow',
        input: [2, 5],
        opset: 15,
        inputs: ['e'],
        constants: [{ name: 'e', dims: [], values: [3], type: 7 }],
      }),
    });
  });
  it('Pow with both base and exponent on the path (positive base)', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 5] }],
      outputs: ['out'],
      nodes: [
        { op: 'Sigmoid', inputs: ['x'], outputs: ['base'] },
        { op: 'Pow', inputs: ['base', 'x'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Pow base and exponent', { model, input: { scale: 2 } });
  });
  it('Pow with a broadcast per-column exponent', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [3, 4] }],
      outputs: ['out'],
      initializers: [{ name: 'e', dims: [4], values: [0.5, 1.5, 2, 2.5] }],
      nodes: [
        { op: 'Sigmoid', inputs: ['x'], outputs: ['base'] },
        { op: 'Pow', inputs: ['base', 'e'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Pow broadcast exponent', { model, input: { scale: 2 } });
  });
  it('Sqrt of x² + 0.1', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 6] }],
      outputs: ['out'],
      initializers: [scalar('small', 0.1)],
      nodes: [
        { op: 'Mul', inputs: ['x', 'x'], outputs: ['square'] },
        { op: 'Add', inputs: ['square', 'small'], outputs: ['positive'] },
        { op: 'Sqrt', inputs: ['positive'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Sqrt', { model });
  });
  it('Reciprocal of exp(x)', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 6] }],
      outputs: ['out'],
      nodes: [
        { op: 'Exp', inputs: ['x'], outputs: ['e'] },
        { op: 'Reciprocal', inputs: ['e'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Exp and Reciprocal', { model });
  });
  it('Log of sigmoid(x)', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 6] }],
      outputs: ['out'],
      nodes: [
        { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
        { op: 'Log', inputs: ['s'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Log', { model, input: { scale: 3 } });
  });
});
