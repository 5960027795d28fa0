import type { ConformanceModel } from '@gradcam/core/testing';
import { type GraphModel, loadGraphModelSync } from '@tensorflow/tfjs-converter';

const float = { type: 'DT_FLOAT' };
const ints = (values: readonly number[]) => ({ list: { i: values.map(String) } });
const text = (value: string) => ({ s: Buffer.from(value).toString('base64') });
const dims = (shape: readonly number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });

/**
 * The conformance model as a TensorFlow.js GraphModel built by hand (the graph a converted SavedModel has):
 * `image` (Placeholder) → `conv/Conv2D` (3x3 SAME) → `conv` (BiasAdd) → `relu` (Relu) → `pool` (Mean over
 * height and width) → `dense/MatMul` → `scores` (BiasAdd), with the suite's weights. With `fused`, the
 * convolution, bias and ReLU are one `_FusedConv2D` node named `relu` (as the converter writes them; there is
 * then no `conv` node).
 */
export function conformanceGraphModel(model: ConformanceModel, fused = false): GraphModel {
  const { height, width, inputChannels, channels, classes } = model;
  const constants: { name: string; shape: number[]; dtype: 'float32' | 'int32'; values: ArrayLike<number> }[] = [
    { name: 'conv/kernel', shape: [3, 3, inputChannels, channels], dtype: 'float32', values: model.kernel },
    { name: 'conv/bias', shape: [channels], dtype: 'float32', values: model.convBias },
    { name: 'pool/axes', shape: [2], dtype: 'int32', values: [1, 2] },
    { name: 'dense/kernel', shape: [channels, classes], dtype: 'float32', values: model.dense },
    { name: 'dense/bias', shape: [classes], dtype: 'float32', values: model.denseBias },
  ];
  const constNode = (constant: (typeof constants)[number]) => ({
    name: constant.name,
    op: 'Const',
    attr: {
      dtype: { type: constant.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' },
      value: { tensor: { dtype: constant.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT', tensorShape: dims(constant.shape) } },
    },
  });
  const node = [
    { name: 'image', op: 'Placeholder', attr: { dtype: float, shape: { shape: dims([-1, height, width, inputChannels]) } } },
    ...constants.map(constNode),
    ...(fused
      ? [
          {
            name: 'relu',
            op: '_FusedConv2D',
            input: ['image', 'conv/kernel', 'conv/bias'],
            attr: {
              T: float,
              num_args: { i: '1' },
              fused_ops: { list: { s: [text('BiasAdd').s, text('Relu').s] } },
              strides: ints([1, 1, 1, 1]),
              padding: text('SAME'),
              data_format: text('NHWC'),
              dilations: ints([1, 1, 1, 1]),
            },
          },
        ]
      : [
        {
          name: 'conv/Conv2D',
          op: 'Conv2D',
          input: ['image', 'conv/kernel'],
          attr: { T: float, strides: ints([1, 1, 1, 1]), padding: text('SAME'), data_format: text('NHWC'), dilations: ints([1, 1, 1, 1]) },
        },
        { name: 'conv', op: 'BiasAdd', input: ['conv/Conv2D', 'conv/bias'], attr: { T: float, data_format: text('NHWC') } },
        { name: 'relu', op: 'Relu', input: ['conv'], attr: { T: float } },
        ]),
    { name: 'pool', op: 'Mean', input: ['relu', 'pool/axes'], attr: { T: float, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    { name: 'dense/MatMul', op: 'MatMul', input: ['pool', 'dense/kernel'], attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'scores', op: 'BiasAdd', input: ['dense/MatMul', 'dense/bias'], attr: { T: float, data_format: text('NHWC') } },
  ];
  const bytes = constants.reduce((total, constant) => total + constant.values.length * 4, 0);
  const weightData = new ArrayBuffer(bytes);
  let offset = 0;
  for (const constant of constants) {
    const target =
      constant.dtype === 'int32'
        ? new Int32Array(weightData, offset, constant.values.length)
        : new Float32Array(weightData, offset, constant.values.length);
    target.set(Array.from(constant.values));
    offset += constant.values.length * 4;
  }
  const loaded = loadGraphModelSync({
    modelTopology: { node, library: {}, versions: { producer: 1 } },
    format: 'graph-model',
    weightSpecs: constants.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
    weightData,
  });
  // A synchronously loaded model is an ordinary GraphModel (only its save handler's type differs).
  return loaded as unknown as GraphModel;
}
