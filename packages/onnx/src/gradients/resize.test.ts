import { describe, expect, it } from 'vitest';
import type { InitializerSpec, ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { DataType } from '../proto/data-type.js';
import { resizeMatrix } from './resize-geometry.js';

interface ResizeCase {
  readonly input: readonly number[];
  readonly attributes: Record<string, string | number | readonly number[] | { float: number }>;
  readonly scales?: readonly number[];
  readonly sizes?: readonly number[];
  readonly opset?: number;
  readonly op?: 'Resize' | 'Upsample';
}

/** `x → Resize → flatten to [1, -1]`, with roi omitted, scales or sizes as constants. */
function resizeModel(testCase: ResizeCase): ModelSpec {
  const opset = testCase.opset ?? 13;
  const op = testCase.op ?? 'Resize';
  const initializers: InitializerSpec[] = [
    { name: 'flat', dims: [2], values: [1, -1], type: DataType.INT64 },
  ];
  let inputs: string[];
  if (testCase.scales)
    initializers.push({
      name: 'scales',
      dims: [testCase.scales.length],
      values: [...testCase.scales],
      type: DataType.FLOAT,
    });
  if (testCase.sizes)
    initializers.push({
      name: 'sizes',
      dims: [testCase.sizes.length],
      values: [...testCase.sizes],
      type: DataType.INT64,
    });
  if (op === 'Upsample' && opset < 9) inputs = ['x'];
  else if (op === 'Upsample' || opset === 10) inputs = ['x', 'scales'];
  else inputs = testCase.sizes ? ['x', '', '', 'sizes'] : ['x', '', 'scales'];
  return {
    opset,
    inputs: [{ name: 'x', shape: testCase.input }],
    outputs: ['out'],
    initializers,
    nodes: [
      { op, inputs, outputs: ['y'], attributes: testCase.attributes },
      { op: 'Reshape', inputs: ['y', 'flat'], outputs: ['out'] },
    ],
  };
}

const cases: [string, ResizeCase][] = [
  [
    'nearest 2x, asymmetric + floor (torch nearest)',
    {
      input: [1, 2, 3, 4],
      scales: [1, 1, 2, 2],
      attributes: { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' },
    },
  ],
  [
    'nearest 2x, half_pixel + round_prefer_floor (the defaults)',
    {
      input: [1, 2, 3, 4],
      scales: [1, 1, 2, 2],
      attributes: { mode: 'nearest' },
    },
  ],
  [
    'nearest 2.5x / 1.5x, asymmetric + round_prefer_floor (ties)',
    {
      input: [1, 1, 4, 4],
      scales: [1, 1, 2.5, 1.5],
      attributes: { mode: 'nearest', coordinate_transformation_mode: 'asymmetric' },
    },
  ],
  [
    'nearest downsampling to [3, 2], align_corners + round_prefer_ceil (sizes)',
    {
      input: [1, 2, 5, 4],
      sizes: [1, 2, 3, 2],
      attributes: {
        mode: 'nearest',
        coordinate_transformation_mode: 'align_corners',
        nearest_mode: 'round_prefer_ceil',
      },
    },
  ],
  [
    'nearest 1.7x, tf_half_pixel_for_nn + ceil',
    {
      input: [1, 1, 3, 4],
      scales: [1, 1, 1.7, 1.7],
      attributes: {
        mode: 'nearest',
        coordinate_transformation_mode: 'tf_half_pixel_for_nn',
        nearest_mode: 'ceil',
      },
    },
  ],
  [
    'linear 2x, half_pixel',
    {
      input: [1, 2, 3, 4],
      scales: [1, 1, 2, 2],
      attributes: { mode: 'linear' },
    },
  ],
  [
    'linear to [7, 5], pytorch_half_pixel (sizes, non-integer scales)',
    {
      input: [1, 2, 3, 4],
      sizes: [1, 2, 7, 5],
      attributes: { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' },
    },
  ],
  [
    'linear to one row, pytorch_half_pixel (the output-length-1 rule)',
    {
      input: [1, 1, 4, 3],
      sizes: [1, 1, 1, 6],
      attributes: { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' },
    },
  ],
  [
    'linear to [6, 7], align_corners (sizes)',
    {
      input: [1, 2, 3, 4],
      sizes: [1, 2, 6, 7],
      attributes: { mode: 'linear', coordinate_transformation_mode: 'align_corners' },
    },
  ],
  [
    'linear 1.5x, asymmetric',
    {
      input: [1, 1, 4, 4],
      scales: [1, 1, 1.5, 1.5],
      attributes: { mode: 'linear', coordinate_transformation_mode: 'asymmetric' },
    },
  ],
  [
    'linear downsampling 0.6x, half_pixel',
    {
      input: [1, 1, 5, 6],
      scales: [1, 1, 0.6, 0.6],
      attributes: { mode: 'linear' },
    },
  ],
  [
    'linear 1.5x, half_pixel_symmetric (opset 19)',
    {
      input: [1, 1, 4, 5],
      scales: [1, 1, 1.5, 1.5],
      opset: 19,
      attributes: { mode: 'linear', coordinate_transformation_mode: 'half_pixel_symmetric' },
    },
  ],
  [
    'linear over the last two axes only (opset 18 axes)',
    {
      input: [1, 2, 3, 4],
      scales: [2, 1.5],
      opset: 18,
      attributes: { mode: 'linear', axes: [2, 3] },
    },
  ],
  [
    'nearest with sizes and keep_aspect_ratio_policy not_larger (opset 18)',
    {
      input: [1, 1, 3, 4],
      sizes: [6, 10],
      opset: 18,
      attributes: { mode: 'nearest', axes: [2, 3], keep_aspect_ratio_policy: 'not_larger' },
    },
  ],
  [
    'cubic 2x, half_pixel',
    {
      input: [1, 1, 4, 4],
      scales: [1, 1, 2, 2],
      attributes: { mode: 'cubic' },
    },
  ],
  [
    'cubic 1.5x, a = -0.5, exclude_outside, align_corners',
    {
      input: [1, 1, 4, 5],
      scales: [1, 1, 1.5, 1.5],
      attributes: {
        mode: 'cubic',
        cubic_coeff_a: { float: -0.5 },
        exclude_outside: 1,
        coordinate_transformation_mode: 'align_corners',
      },
    },
  ],
  [
    'nearest along a middle axis of a 3-D tensor ([3, 4, 2] by [2, 1.5, 1])',
    {
      input: [3, 4, 2],
      scales: [2, 1.5, 1],
      attributes: { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' },
    },
  ],
  [
    'Resize opset 10, nearest 2x (asymmetric, simple rounding)',
    {
      input: [1, 2, 3, 4],
      scales: [1, 1, 2, 2],
      opset: 10,
      attributes: { mode: 'nearest' },
    },
  ],
  [
    'Resize opset 10, nearest 0.5x (simple rounding rounds up when downsampling)',
    {
      input: [1, 1, 4, 6],
      scales: [1, 1, 0.5, 0.5],
      opset: 10,
      attributes: { mode: 'nearest' },
    },
  ],
  [
    'Resize opset 10, linear 2x',
    {
      input: [1, 2, 3, 4],
      scales: [1, 1, 2, 2],
      opset: 10,
      attributes: { mode: 'linear' },
    },
  ],
  [
    'Upsample opset 9, nearest 2x (scales input)',
    {
      input: [1, 2, 3, 4],
      scales: [1, 1, 2, 2],
      opset: 9,
      op: 'Upsample',
      attributes: { mode: 'nearest' },
    },
  ],
  [
    'Upsample opset 7, linear 2x (scales attribute)',
    {
      input: [1, 2, 3, 4],
      opset: 7,
      op: 'Upsample',
      attributes: { mode: 'linear', scales: { floats: [1, 1, 2, 2] } as never },
    },
  ],
];

describe('Resize backward against finite differences', () => {
  for (const [name, testCase] of cases) {
    it(name, async () => {
      await expectGradientMatches(`Resize ${name}`, { model: resizeModel(testCase) });
    });
  }

  it('Resize to sizes computed from the input shape (Shape, Slice, Concat as exporters emit)', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: ['N', 2, 3, 4] }],
      outputs: ['out'],
      initializers: [
        { name: 'zero', dims: [1], values: [0], type: DataType.INT64 },
        { name: 'two', dims: [1], values: [2], type: DataType.INT64 },
        { name: 'spatial', dims: [2], values: [6, 8], type: DataType.INT64 },
        { name: 'flat', dims: [2], values: [0, -1], type: DataType.INT64 },
      ],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
        { op: 'Slice', inputs: ['shape', 'zero', 'two'], outputs: ['leading'] },
        { op: 'Concat', inputs: ['leading', 'spatial'], outputs: ['sizes'], attributes: { axis: 0 } },
        {
          op: 'Resize',
          inputs: ['x', '', '', 'sizes'],
          outputs: ['y'],
          attributes: { mode: 'linear', coordinate_transformation_mode: 'half_pixel' },
        },
        { op: 'Reshape', inputs: ['y', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Resize with computed sizes', { model, batch: 2 });
  });
});

describe('resizeMatrix', () => {
  it('linear 2x with half_pixel has the closed-form weights 0.75 / 0.25 and clamps at the edges', () => {
    const matrix = resizeMatrix({
      mode: 'linear',
      coordinates: 'half_pixel',
      nearest: 'round_prefer_floor',
      scale: 2,
      input: 2,
      output: 4,
    });
    expect(Array.from(matrix)).toEqual([1, 0, 0.75, 0.25, 0.25, 0.75, 0, 1]);
  });
  it('align_corners maps the first and last outputs onto the first and last inputs', () => {
    const matrix = resizeMatrix({
      mode: 'linear',
      coordinates: 'align_corners',
      nearest: 'round_prefer_floor',
      scale: 1.5,
      input: 3,
      output: 5,
    });
    expect(Array.from(matrix.slice(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(matrix.slice(6, 9))).toEqual([0, 1, 0]);
    expect(Array.from(matrix.slice(12, 15))).toEqual([0, 0, 1]);
    expect(Array.from(matrix.slice(3, 6))).toEqual([0.5, 0.5, 0]);
  });
  it('every row of a cubic matrix sums to 1', () => {
    const matrix = resizeMatrix({
      mode: 'cubic',
      coordinates: 'half_pixel',
      nearest: 'round_prefer_floor',
      scale: 1.75,
      input: 4,
      output: 7,
    });
    for (let row = 0; row < 7; row++) {
      const sum = Array.from(matrix.slice(row * 4, row * 4 + 4)).reduce((total, value) => total + value, 0);
      expect(sum).toBeCloseTo(1, 6);
    }
  });
});
