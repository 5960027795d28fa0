import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches, gradientCheck } from '../../test/helpers/gradient-check.js';
import { randomValues } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

/** x (float32) → Cast → Conv → Relu → MaxPool → GlobalAveragePool → Cast (float32), weights in `type`. */
function castModel(type: number): ModelSpec {
  const cast = type === DataType.FLOAT ? 'Identity' : 'Cast';
  return {
    opset: 13,
    inputs: [{ name: 'x', shape: [1, 2, 6, 6] }],
    outputs: ['out'],
    initializers: [{ name: 'w', dims: [3, 2, 3, 3], values: randomValues(54, 101), type }],
    nodes: [
      { op: cast, inputs: ['x'], outputs: ['h'], attributes: cast === 'Cast' ? { to: type } : {} },
      { op: 'Conv', inputs: ['h', 'w'], outputs: ['c'], attributes: { pads: [1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['c'], outputs: ['r'] },
      { op: 'MaxPool', inputs: ['r'], outputs: ['p'], attributes: { kernel_shape: [2, 2], strides: [2, 2] } },
      { op: 'Cast', inputs: ['p'], outputs: ['out'], attributes: { to: DataType.FLOAT } },
    ],
  };
}

describe('Cast backward: a float16 section inside a float32 model', () => {
  it('matches finite differences at float16 precision (smooth model, exactly representable steps)', async () => {
    const model: ModelSpec = {
      opset: 13,
      inputs: [{ name: 'x', shape: [1, 2, 5, 5] }],
      outputs: ['out'],
      initializers: [
        { name: 'w', dims: [3, 2, 3, 3], values: randomValues(54, 102, 0.5), type: DataType.FLOAT16 },
      ],
      nodes: [
        { op: 'Cast', inputs: ['x'], outputs: ['h'], attributes: { to: DataType.FLOAT16 } },
        { op: 'Conv', inputs: ['h', 'w'], outputs: ['c'], attributes: { pads: [1, 1, 1, 1] } },
        { op: 'Tanh', inputs: ['c'], outputs: ['t'] },
        { op: 'GlobalAveragePool', inputs: ['t'], outputs: ['p'] },
        { op: 'Cast', inputs: ['p'], outputs: ['out'], attributes: { to: DataType.FLOAT } },
      ],
    };
    // Multiples of 1/1024 in [-1, 1] plus or minus 1/16 are exact in float16: the step is exactly 1/8.
    const input = randomValues(50, 103).map((value) => Math.round(value * 1024) / 1024);
    await expectGradientMatches('float16 Cast path', { model, input, eps: 1 / 16 }, 1e-2);
  });

  it('matches the float32 twin of the model to float16 precision', async () => {
    const half = await gradientCheck({ model: castModel(DataType.FLOAT16) });
    const full = await gradientCheck({ model: castModel(DataType.FLOAT) });
    let worst = 0;
    let peak = 0;
    for (let index = 0; index < full.analytic.length; index++) {
      worst = Math.max(worst, Math.abs(half.analytic[index]! - full.analytic[index]!));
      peak = Math.max(peak, Math.abs(full.analytic[index]!));
    }
    console.info(
      `[float16] gradient vs float32 twin: max difference ${(worst / peak).toExponential(2)} of the peak`,
    );
    expect(peak).toBeGreaterThan(0);
    expect(worst / peak).toBeLessThan(1e-2);
  });
});
