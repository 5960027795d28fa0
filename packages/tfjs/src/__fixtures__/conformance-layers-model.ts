import type { ConformanceModel } from '@gradcam/core/testing';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from './tfjs-backends.js';

/**
 * The conformance model as a tfjs LayersModel: `conv` (3x3 same, bias, linear) → `relu` → global average pool →
 * `dense` (no softmax), with the suite's weights.
 */
export function conformanceLayersModel(model: ConformanceModel): tfl.LayersModel {
  const { height, width, inputChannels, channels, classes } = model;
  const input = tfl.input({ shape: [height, width, inputChannels], name: 'image' });
  const conv = tfl.layers.conv2d({ name: 'conv', filters: channels, kernelSize: 3, padding: 'same' });
  const relu = tfl.layers.reLU({ name: 'relu' });
  const pool = tfl.layers.globalAveragePooling2d({ name: 'pool' });
  const dense = tfl.layers.dense({ name: 'dense', units: classes });
  const output = dense.apply(pool.apply(relu.apply(conv.apply(input)))) as tfl.SymbolicTensor;
  const built = tfl.model({ inputs: input, outputs: output });
  conv.setWeights([
    tf.tensor4d(model.kernel, [3, 3, inputChannels, channels]),
    tf.tensor1d(model.convBias),
  ]);
  dense.setWeights([tf.tensor2d(model.dense, [channels, classes]), tf.tensor1d(model.denseBias)]);
  return built;
}
