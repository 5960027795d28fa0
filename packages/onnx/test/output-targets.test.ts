import { detectionTarget, requireSpatial, segmentationTarget, type Target } from '@gradcam/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ModelGraph } from '../src/graph/model-graph.js';
import { createOnnxBackend } from '../src/index.js';
import { readModel } from '../src/proto/read-model.js';
import { buildModel, type ModelSpec } from './helpers/build-model.js';
import { evaluateFrom } from './helpers/float64-interpreter.js';
import { randomConstant, randomValues } from './helpers/single-op.js';

/** A dense model: input → conv → relu → conv 1x1 → relu, a map of 3 class scores per pixel, [N, 3, 6, 7]. */
const dense: ModelSpec = {
  opset: 13,
  inputs: [{ name: 'image', shape: ['N', 2, 6, 7] }],
  outputs: ['maps'],
  initializers: [randomConstant('w1', [4, 2, 3, 3], 1), randomConstant('w2', [3, 4, 1, 1], 2)],
  nodes: [
    {
      op: 'Conv',
      inputs: ['image', 'w1'],
      outputs: ['c1'],
      attributes: { pads: [1, 1, 1, 1] },
      name: 'conv1',
    },
    { op: 'Relu', inputs: ['c1'], outputs: ['r1'], name: 'relu1' },
    { op: 'Conv', inputs: ['r1', 'w2'], outputs: ['logits'], name: 'conv2' },
    { op: 'Relu', inputs: ['logits'], outputs: ['maps'], name: 'relu2' },
  ],
};
const bytes = buildModel(dense);
const graph = new ModelGraph(readModel(bytes));
const input = {
  data: randomValues(2 * 2 * 6 * 7, 9),
  shape: [2, 2, 6, 7] as [number, number, number, number],
  layout: 'nchw' as const,
};

/** Central float64 differences of `sum(w * maps)` in the activations of `r1`, per sample, against the gradient. */
async function worstError(target: Target) {
  await using backend = await createOnnxBackend({ ort, model: bytes });
  const result = await backend.forwardWithGradient({ input, layer: 'r1', target });
  if (target.kind !== 'weights') throw new Error('expected a weighting');
  const weights = target.weights as Float32Array;
  const activations = requireSpatial(result.activations, 'r1');
  const [batch, channels, height, width] = activations.shape;
  const count = channels * height * width;
  const outputSize = 3 * 6 * 7;
  const eps = 1e-6;
  let worst = 0;
  let peak = 0;
  for (let sample = 0; sample < batch; sample++) {
    const point = Float64Array.from(activations.data.subarray(sample * count, (sample + 1) * count));
    const objective = (values: Float64Array) => {
      const maps = evaluateFrom(graph, 'r1', { shape: [1, channels, height, width], data: values }, 'maps');
      let sum = 0;
      for (let k = 0; k < outputSize; k++) sum += weights[sample * outputSize + k]! * maps.data[k]!;
      return sum;
    };
    for (let index = 0; index < count; index++) {
      const values = point.slice();
      values[index]! += eps;
      const plus = objective(values);
      values[index]! -= 2 * eps;
      const minus = objective(values);
      const gradient = result.gradients.data[sample * count + index]!;
      peak = Math.max(peak, Math.abs(gradient));
      worst = Math.max(worst, Math.abs((plus - minus) / (2 * eps) - gradient));
    }
  }
  return { relative: worst / peak, peak, scores: result.scores };
}

describe('targets over a whole dense output (ONNX Runtime)', () => {
  it('differentiates sum(w * output) of a segmentation target', async () => {
    await using backend = await createOnnxBackend({ ort, model: bytes });
    const { scores } = await backend.forward({ input });
    expect(scores.shape).toEqual([2, 3 * 6 * 7]);
    const target = segmentationTarget(
      { data: scores.data, shape: [2, 3, 6, 7] },
      { classIndex: 1, layout: 'nchw' },
    );
    const check = await worstError(target);
    expect(check.peak).toBeGreaterThan(0);
    expect(check.relative).toBeLessThan(1e-4);
  });

  it('differentiates one cell of one class (a detection target)', async () => {
    const target = detectionTarget({
      outputShape: [2, 3, 6, 7],
      layout: 'nchw',
      classIndex: 2,
      cell: { y: 3, x: 4 },
    });
    const check = await worstError(target);
    expect(check.peak).toBeGreaterThan(0);
    expect(check.relative).toBeLessThan(1e-4);
  });
});
