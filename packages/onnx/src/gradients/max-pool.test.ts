import { describe, expect, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';

const maxPool = (
  input: (number | string)[],
  attributes: Record<string, number | number[] | string>,
  opset = 17,
) => singleOp({ op: 'MaxPool', input, attributes, opset });

describe('MaxPool backward against finite differences (distinct input values, no near-ties)', () => {
  const cases: [string, ReturnType<typeof maxPool>][] = [
    ['2x2 stride 2', maxPool([1, 2, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] })],
    ['3x3 stride 1, overlapping windows', maxPool([1, 2, 5, 5], { kernel_shape: [3, 3] })],
    [
      '3x3 stride 2, pads 1, overlapping',
      maxPool([1, 2, 7, 6], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
    ],
    [
      '3x3 stride 2, ceil_mode',
      maxPool([1, 2, 6, 6], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }),
    ],
    [
      '2x3 stride 2x1, ceil_mode, asymmetric pads',
      maxPool([1, 1, 7, 5], { kernel_shape: [2, 3], strides: [2, 1], pads: [0, 1, 1, 0], ceil_mode: 1 }),
    ],
    ['dilated 2x2, dilation 2', maxPool([1, 2, 6, 6], { kernel_shape: [2, 2], dilations: [2, 2] })],
    [
      'auto_pad SAME_UPPER, stride 2',
      maxPool([1, 2, 5, 5], { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }),
    ],
    [
      '3x3 stride 3 leaving a row uncovered, opset 7',
      maxPool([1, 2, 7, 7], { kernel_shape: [3, 3], strides: [3, 3] }, 7),
    ],
    ['1-D, kernel 3 stride 2', maxPool([1, 2, 9], { kernel_shape: [3], strides: [2] })],
    ['dynamic batch', maxPool(['N', 2, 4, 4], { kernel_shape: [2, 2], strides: [1, 1] })],
  ];
  for (const [name, model] of cases) {
    it(name, async () => {
      await expectGradientMatches(`MaxPool ${name}`, { model, input: { distinct: true }, batch: 2 });
    });
  }

  it('ties go to the first maximum of each window (as PyTorch and ONNX Runtime)', async () => {
    const { gradientCheck } = await import('../../test/helpers/gradient-check.js');
    const input = Float32Array.from([1, 1, 1, 1, 0, 2, 2, 0, 5, 5, 5, 5, 0, 0, 0, 0]);
    const model = maxPool([1, 1, 4, 4], { kernel_shape: [2, 2], strides: [2, 2] });
    const result = await gradientCheck({ model, input, eps: 1e-3 });
    const routed = Array.from(result.analytic, (value) => (value === 0 ? 0 : 1));
    // Window (0,0): values 1,1,0,2... first max of [1,1,5,5]? Rows: [1,1,1,1],[0,2,2,0],[5,5,5,5],[0,0,0,0].
    expect(routed).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
  });
});
