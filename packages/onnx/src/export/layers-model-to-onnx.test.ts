import { hasErrorCode, InvalidModelError } from '@gradcam/core';
import { seededRandom } from '@gradcam/core/testing';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedLayerError } from '../errors/unsupported-layer-error.js';
import { readModel } from '../proto/read-model.js';
import { maxAbs, maxAbsDifference } from './__fixtures__/cifar10.js';
import { layersModelToOnnx } from './layers-model-to-onnx.js';

async function artifactsOf(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** Gives every BatchNormalization layer random statistics (the initial 0 / 1 would hide mistakes). */
function randomizeBatchNorms(model: tfl.LayersModel, seed: number): void {
  const random = seededRandom(seed);
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layer.setWeights(
      layer.getWeights().map((weight, index) => {
        const isVariance = layer.weights[index]!.originalName.includes('moving_variance');
        return tf.tensor(
          Float32Array.from({ length: weight.size }, () => (isVariance ? 0.5 + random() * 0.4 : random())),
          weight.shape,
        );
      }),
    );
  }
}

/** Runs the model in TensorFlow.js and its export in ONNX Runtime on one random NHWC batch. */
async function compareOnBatch(model: tfl.LayersModel, shape: number[], seed: number) {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random());
  const expected = tf.tidy(
    () => (model.predict(tf.tensor(data, shape)) as tf.Tensor).dataSync() as Float32Array,
  );
  const bytes = layersModelToOnnx(await artifactsOf(model));
  const session = await ort.InferenceSession.create(bytes);
  try {
    const inputName = session.inputNames[0]!;
    const results = await session.run({ [inputName]: new ort.Tensor('float32', data, shape) });
    const actual = results[session.outputNames[0]!]!.data as Float32Array;
    return { expected, actual, difference: maxAbsDifference(actual, expected), bytes };
  } finally {
    await session.release();
  }
}

describe('layersModelToOnnx on small models', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('exports valid and strided same convolutions with bias, both poolings, Flatten in Keras order, Dense + softmax', async () => {
    // The strided convolution sees 8x8: 'same' with stride 2 pads 0 before and 1 after (TensorFlow's odd
    // element at the end).
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [10, 10, 3],
          filters: 4,
          kernelSize: 3,
          activation: 'relu',
          name: 'valid_conv',
        }),
        tfl.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', name: 'strided_conv' }),
        tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'max_pool' }),
        tfl.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'average_pool' }),
        tfl.layers.flatten({ name: 'flatten' }),
        tfl.layers.dense({ units: 6, activation: 'softmax', name: 'probabilities' }),
      ],
    });
    const { expected, actual, difference, bytes } = await compareOnBatch(model, [3, 10, 10, 3], 1);
    console.info(`[export small] conv/pool/flatten/dense: max |difference| ${difference.toExponential(2)}`);
    expect(actual).toHaveLength(3 * 6);
    expect(difference).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDifference(expected, new Float32Array(expected.length))).toBeGreaterThan(0);
    const graph = readModel(bytes).graph!;
    const strided = graph.node!.find((node) => node.input?.[1] === 'strided_conv/kernel')!;
    const pads = strided.attribute!.find((attribute) => attribute.name === 'pads')!.ints!.map(Number);
    expect(pads).toEqual([0, 0, 1, 1]);
    expect(graph.output!.map((value) => value.name)).toEqual(['probabilities']);
  });

  it('a Flatten that ignored NHWC order would be caught: the features reach Dense in Keras order', async () => {
    // A Dense weight that reads only the first flattened feature ((0, 0), channel 0 in Keras order).
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [4, 4, 2], filters: 3, kernelSize: 1, useBias: false, name: 'mix' }),
        tfl.layers.flatten({ name: 'flat' }),
        tfl.layers.dense({ units: 2, useBias: false, name: 'pick' }),
      ],
    });
    const picker = new Float32Array(48 * 2);
    picker[0] = 1; // feature 0 -> unit 0
    picker[3 * 2 + 1] = 1; // feature 3 (pixel (0, 1), channel 0) -> unit 1
    model.getLayer('pick').setWeights([tf.tensor2d(picker, [48, 2])]);
    const { difference } = await compareOnBatch(model, [2, 4, 4, 2], 2);
    expect(difference).toBeLessThanOrEqual(1e-6);
  });

  it('exports a functional model with BatchNormalization, capped ReLU, dilation, Add, GlobalAveragePooling2D, Dense + sigmoid', async () => {
    const input = tfl.input({ shape: [12, 10, 3], name: 'pixels' });
    const stem = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'stem' }).apply(input);
    const normalized = tfl.layers.batchNormalization({ epsilon: 0.01, name: 'stem_bn' }).apply(stem);
    const capped = tfl.layers.reLU({ maxValue: 1.5, name: 'stem_relu6' }).apply(normalized);
    const branch = tfl.layers
      .conv2d({
        filters: 8,
        kernelSize: 3,
        dilationRate: 2,
        padding: 'same',
        activation: 'tanh',
        name: 'dilated',
      })
      .apply(capped);
    const sum = tfl.layers.add({ name: 'sum' }).apply([capped, branch] as tfl.SymbolicTensor[]);
    const pooled = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(sum);
    const dropped = tfl.layers.dropout({ rate: 0.5, name: 'drop' }).apply(pooled);
    const output = tfl.layers.dense({ units: 3, activation: 'sigmoid', name: 'scores' }).apply(dropped);
    const model = tfl.model({ inputs: input, outputs: output as tfl.SymbolicTensor });
    randomizeBatchNorms(model, 3);
    const { difference, bytes } = await compareOnBatch(model, [2, 12, 10, 3], 4);
    console.info(`[export small] functional BN/Add/GAP: max |difference| ${difference.toExponential(2)}`);
    expect(difference).toBeLessThanOrEqual(1e-6);
    const names = new Set(readModel(bytes).graph!.node!.flatMap((node) => node.output ?? []));
    for (const layer of ['stem', 'stem_bn', 'stem_relu6', 'dilated', 'sum', 'gap', 'drop', 'scores']) {
      expect(names.has(layer)).toBe(true);
    }
  });

  it('exports GlobalMaxPooling2D and free height and width (auto_pad SAME_UPPER)', async () => {
    const input = tfl.input({ shape: [null, null, 2], name: 'any_size' });
    const conv = tfl.layers
      .conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv' })
      .apply(input);
    const pooled = tfl.layers.globalMaxPooling2d({ name: 'gmp' }).apply(conv);
    const model = tfl.model({ inputs: input, outputs: pooled as tfl.SymbolicTensor });
    for (const [height, width] of [
      [7, 8],
      [10, 5],
    ] as const) {
      const { expected, difference } = await compareOnBatch(model, [2, height, width, 2], height);
      expect(difference).toBeLessThanOrEqual(1e-6 * Math.max(1, maxAbs(expected)));
    }
  });

  it('names the layer, its class and what is supported for an unsupported layer', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, name: 'conv' }),
        tfl.layers.depthwiseConv2d({ kernelSize: 3, name: 'depthwise' }),
      ],
    });
    const artifacts = await artifactsOf(model);
    let caught: unknown;
    try {
      layersModelToOnnx(artifacts);
    } catch (error) {
      caught = error;
    }
    expect(UnsupportedLayerError.isInstance(caught)).toBe(true);
    expect(hasErrorCode(caught, 'unsupported-layer')).toBe(true);
    const error = caught as UnsupportedLayerError;
    expect(error.layer).toBe('depthwise');
    expect(error.className).toBe('DepthwiseConv2D');
    expect(error.supported).toContain('Conv2D');
    expect(error.message).toMatch(/"depthwise" \(DepthwiseConv2D\).*not supported.*Conv2D/);
  });

  it('rejects unsupported settings: an unknown activation, channels_first', async () => {
    const elu = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, activation: 'elu', name: 'c' }),
      ],
    });
    expect(() => layersModelToOnnx({ modelTopology: elu.toJSON(undefined, false) })).toThrow(
      /"c" \(Conv2D\) to ONNX: activation "elu".*activation 'relu'/,
    );
    const channelsFirst = tfl.sequential({
      layers: [
        tfl.layers.maxPooling2d({
          inputShape: [3, 8, 8],
          poolSize: 2,
          dataFormat: 'channelsFirst',
          name: 'p',
        }),
      ],
    });
    const channelsFirstArtifacts = await artifactsOf(channelsFirst);
    expect(() => layersModelToOnnx(channelsFirstArtifacts)).toThrow(UnsupportedLayerError);
    expect(() => layersModelToOnnx(channelsFirstArtifacts)).toThrow(/data_format "channels_first"/);
  });

  it('reports missing weights and topologies that are not Keras models', async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 2, name: 'dense' })],
    });
    const artifacts = await artifactsOf(model);
    expect(() => layersModelToOnnx({ ...artifacts, weightSpecs: [] })).toThrow(InvalidModelError);
    expect(() => layersModelToOnnx({ ...artifacts, weightSpecs: [] })).toThrow(/no "dense\/kernel"/);
    expect(() => layersModelToOnnx({ modelTopology: { node: [] } })).toThrow(InvalidModelError);
    expect(() => layersModelToOnnx(artifacts, { opset: 11 })).toThrow(RangeError);
  });
});
