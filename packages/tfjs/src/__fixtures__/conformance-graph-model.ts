import type { ConformanceModel } from '@gradcam/core/testing';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import { tf } from './tfjs-backends.js';

const float = { type: 'DT_FLOAT' };
const text = (value: string) => ({ s: Buffer.from(value).toString('base64') });
const dims = (shape: readonly number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });
const constant = (name: string, shape: readonly number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype, tensorShape: dims(shape) } }, dtype: { type: dtype } },
});

/**
 * The conformance model as a tfjs GraphModel (the format `tensorflowjs_converter` writes for a SavedModel):
 * nodes `conv` (Conv2D 3x3 SAME + BiasAdd) → `relu` → `pool` (Mean over height and width) → `dense` (MatMul +
 * BiasAdd), with the suite's weights, loaded from memory. With `fused`, convolution, bias and ReLU are one
 * `_FusedConv2D` node named `relu` (as the converter writes them; there is then no `conv` node).
 */
export async function conformanceGraphModel(model: ConformanceModel, fused = false): Promise<GraphModel> {
  const { height, width, inputChannels, channels, classes } = model;
  const convolution = {
    T: float,
    strides: { list: { i: ['1', '1', '1', '1'] } },
    dilations: { list: { i: ['1', '1', '1', '1'] } },
    padding: text('SAME'),
    data_format: text('NHWC'),
  };
  const unfusedConvolution = [
    { name: 'conv/Conv2D', op: 'Conv2D', input: ['image', 'conv/kernel'], attr: convolution },
    { name: 'conv', op: 'BiasAdd', input: ['conv/Conv2D', 'conv/bias'], attr: { T: float, data_format: text('NHWC') } },
    { name: 'relu', op: 'Relu', input: ['conv'], attr: { T: float } },
  ];
  const fusedConvolution = [
    {
      name: 'relu',
      op: '_FusedConv2D',
      input: ['image', 'conv/kernel', 'conv/bias'],
      attr: {
        ...convolution,
        num_args: { i: '1' },
        fused_ops: { list: { s: [text('BiasAdd').s, text('Relu').s] } },
      },
    },
  ];
  const node = [
    {
      name: 'image',
      op: 'Placeholder',
      attr: { shape: { shape: dims([-1, height, width, inputChannels]) }, dtype: float },
    },
    constant('conv/kernel', [3, 3, inputChannels, channels]),
    constant('conv/bias', [channels]),
    constant('pool/axes', [2], 'DT_INT32'),
    constant('dense/kernel', [channels, classes]),
    constant('dense/bias', [classes]),
    ...(fused ? fusedConvolution : unfusedConvolution),
    {
      name: 'pool',
      op: 'Mean',
      input: ['relu', 'pool/axes'],
      attr: { T: float, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } },
    },
    {
      name: 'dense/MatMul',
      op: 'MatMul',
      input: ['pool', 'dense/kernel'],
      attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } },
    },
    { name: 'dense', op: 'BiasAdd', input: ['dense/MatMul', 'dense/bias'], attr: { T: float, data_format: text('NHWC') } },
    { name: 'Identity', op: 'Identity', input: ['dense'], attr: { T: float } },
  ];
  const weights: [string, readonly number[], Float32Array | Int32Array][] = [
    ['conv/kernel', [3, 3, inputChannels, channels], model.kernel],
    ['conv/bias', [channels], model.convBias],
    ['pool/axes', [2], Int32Array.of(1, 2)],
    ['dense/kernel', [channels, classes], model.dense],
    ['dense/bias', [classes], model.denseBias],
  ];
  const weightData = new Uint8Array(weights.reduce((sum, [, , data]) => sum + data.byteLength, 0));
  let offset = 0;
  for (const [, , data] of weights) {
    weightData.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    offset += data.byteLength;
  }
  return loadGraphModel(
    tf.io.fromMemory({
      format: 'graph-model',
      modelTopology: { node, versions: { producer: 1 } },
      weightSpecs: weights.map(([name, shape, data]) => ({
        name,
        shape: [...shape],
        dtype: data instanceof Int32Array ? 'int32' : 'float32',
      })),
      weightData: weightData.buffer,
    }),
  );
}
