import { describe, it } from 'vitest';
import { float, type ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';
import { makeTensor } from '../proto/tensor-proto.js';

describe('Where backward against finite differences (and the Equal / ConstantOfShape paths it is built from)', () => {
  it('Where(x > 0, x, 0.1 x): both branches on the path', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [3, 4] }],
      outputs: ['out'],
      initializers: [
        { name: 'zero', dims: [], values: [0] },
        { name: 'tenth', dims: [], values: [0.1] },
      ],
      nodes: [
        { op: 'Greater', inputs: ['x', 'zero'], outputs: ['positive'] },
        { op: 'Mul', inputs: ['x', 'tenth'], outputs: ['small'] },
        { op: 'Where', inputs: ['positive', 'x', 'small'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Where both branches', { model, input: { avoid: [0] } });
  });

  it('a masked fill as exporters emit it: Where(Equal(mask, 0), -1e4, x) with the operand broadcast', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 1, 4] }],
      outputs: ['out'],
      initializers: [
        { name: 'mask', dims: [3, 4], values: [1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 1], type: DataType.INT64 },
        { name: 'zero', dims: [], values: [0], type: DataType.INT64 },
        { name: 'filler', dims: [], values: [-1e4] },
      ],
      nodes: [
        { op: 'Equal', inputs: ['mask', 'zero'], outputs: ['masked'] },
        { op: 'Where', inputs: ['masked', 'filler', 'x'], outputs: ['filled'] },
        { op: 'Softmax', inputs: ['filled'], outputs: ['out'], attributes: { axis: -1 } },
      ],
    };
    await expectGradientMatches('Where masked fill', { model, input: { scale: 2 } });
  });

  it('Equal and Shape → ConstantOfShape on the layer are cut: only the float path carries the gradient', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 3] }],
      outputs: ['out'],
      initializers: [randomConstant('w', [3, 2], 3)],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
        {
          op: 'ConstantOfShape',
          inputs: ['shape'],
          outputs: ['ones'],
          attributes: { value: makeTensor('value', DataType.FLOAT, [1], [1.5]) },
        },
        { op: 'Equal', inputs: ['x', 'x'], outputs: ['same'] },
        { op: 'Cast', inputs: ['same'], outputs: ['flag'], attributes: { to: DataType.FLOAT } },
        { op: 'Mul', inputs: ['x', 'ones'], outputs: ['scaled'] },
        { op: 'Add', inputs: ['scaled', 'flag'], outputs: ['shifted'] },
        { op: 'Elu', inputs: ['shifted'], outputs: ['unused'], attributes: { alpha: float(1) } },
        { op: 'MatMul', inputs: ['shifted', 'w'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Equal and ConstantOfShape cut', { model });
  });
});
