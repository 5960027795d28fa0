import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';

const averagePool = (
  input: (number | string)[],
  attributes: Record<string, number | number[] | string>,
  opset = 17,
) => singleOp({ op: 'AveragePool', input, attributes, opset });

describe('AveragePool backward against finite differences', () => {
  const cases: [string, ReturnType<typeof averagePool>][] = [
    ['2x2 stride 2', averagePool([1, 2, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] })],
    ['3x3 stride 1, overlapping', averagePool([1, 2, 5, 5], { kernel_shape: [3, 3] })],
    [
      '3x3 stride 2, pads 1, count_include_pad 0',
      averagePool([1, 2, 7, 6], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
    ],
    [
      '3x3 stride 2, pads 1, count_include_pad 1',
      averagePool([1, 2, 7, 6], {
        kernel_shape: [3, 3],
        strides: [2, 2],
        pads: [1, 1, 1, 1],
        count_include_pad: 1,
      }),
    ],
    [
      '3x3 stride 2, ceil_mode',
      averagePool([1, 2, 6, 6], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }),
    ],
    [
      'ceil_mode, pads, count_include_pad 1',
      averagePool([1, 1, 6, 7], {
        kernel_shape: [3, 2],
        strides: [2, 2],
        pads: [1, 0, 1, 0],
        ceil_mode: 1,
        count_include_pad: 1,
      }),
    ],
    [
      'auto_pad SAME_UPPER',
      averagePool([1, 2, 5, 5], { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }),
    ],
    ['opset 7, dynamic batch', averagePool(['N', 2, 5, 4], { kernel_shape: [2, 2], pads: [1, 1, 0, 0] }, 7)],
    ['1-D', averagePool([1, 2, 9], { kernel_shape: [3], strides: [2], pads: [1, 1] })],
  ];
  for (const [name, model] of cases) {
    it(name, async () => {
      await expectGradientMatches(`AveragePool ${name}`, { model, batch: 2 });
    });
  }
});
