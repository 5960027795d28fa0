import { toLayout } from '@gradcam/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../proto/read-model.js';
import {
  cifarImages,
  loadCifar10,
  maxAbs,
  maxAbsDifference,
  type NhwcBatch,
  noiseImages,
  tfjsPredict,
} from './__fixtures__/cifar10.js';
import type { LayersModelArtifacts } from './layers-model-artifacts.js';
import { layersModelToOnnx } from './layers-model-to-onnx.js';

async function onnxPredict(bytes: Uint8Array, input: string, data: Float32Array, shape: number[]) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const results = await session.run({ [input]: new ort.Tensor('float32', data, shape) });
    return results.logits!.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('layersModelToOnnx on the committed CIFAR-10 model', () => {
  let artifacts: LayersModelArtifacts;
  let model: LayersModel;
  const batches: [string, NhwcBatch][] = [
    ['noise', noiseImages(4, 7)],
    ['CIFAR-10 photos', cifarImages(['airplane', 'cat', 'horse', 'truck'])],
  ];

  beforeAll(async () => {
    ({ artifacts, model } = await loadCifar10());
  });

  it('names the graph after the Keras layers and keeps the NHWC input by default', () => {
    const proto = readModel(layersModelToOnnx(artifacts));
    const graph = proto.graph!;
    expect(graph.input!.map((value) => value.name)).toEqual(['image']);
    const dims = graph.input![0]!.type!.tensorType!.shape!.dim!;
    expect(dims.map((dim) => dim.dimParam || Number(dim.dimValue))).toEqual(['N', 32, 32, 3]);
    expect(graph.output!.map((value) => value.name)).toEqual(['logits']);
    const outputs = new Set(graph.node!.flatMap((node) => node.output ?? []));
    for (const layer of [
      'prep_conv',
      'prep_bn',
      'prep_relu',
      'layer1_pool',
      'res1_add',
      'res3b_relu',
      'pool',
    ]) {
      expect(outputs.has(layer)).toBe(true);
    }
    expect(graph.node!.find((node) => node.output?.[0] === 'res3b_relu')).toMatchObject({
      name: 'res3b_relu',
      opType: 'Relu',
    });
    expect(Number(proto.opsetImport![0]!.version)).toBe(13);
  });

  for (const inputLayout of ['nhwc', 'nchw'] as const) {
    for (const [what, batch] of batches) {
      it(`gives TensorFlow.js' logits on ${what} (input ${inputLayout})`, async () => {
        const expected = tfjsPredict(model, batch);
        const input = inputLayout === 'nhwc' ? batch : toLayout({ ...batch, layout: 'nhwc' }, 'nchw');
        const actual = await onnxPredict(layersModelToOnnx(artifacts, { inputLayout }), 'image', input.data, [
          ...input.shape,
        ]);
        const difference = maxAbsDifference(actual, expected);
        console.info(
          `[export cifar10] ${what}, ${inputLayout}: max |logit difference| ${difference.toExponential(2)} ` +
            `(largest |logit| ${maxAbs(expected).toFixed(2)})`,
        );
        expect(actual).toHaveLength(batch.shape[0] * 10);
        expect(difference).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(expected)));
      });
    }
  }
});
