import type { LoadedConformanceBackend } from '@gradcam/core/testing';
import { type ConformanceModel, denseOutIn, kernelOIHW } from '@gradcam/core/testing';
import { createOnnxBackend } from '../../src/index.js';
import type { OrtModule } from '../../src/runtime/ort-module.js';
import { buildModel, float } from './build-model.js';

/** The conformance model as ONNX: conv 3x3 pad 1 + bias → ReLU → GlobalAveragePool → Flatten → Gemm. */
export function conformanceOnnx(model: ConformanceModel): Uint8Array {
  const { inputChannels, channels, classes, height, width } = model;
  return buildModel({
    opset: 13,
    inputs: [{ name: 'input', shape: ['N', inputChannels, height, width] }],
    outputs: ['scores'],
    initializers: [
      { name: 'kernel', dims: [channels, inputChannels, 3, 3], values: kernelOIHW(model) },
      { name: 'conv_bias', dims: [channels], values: model.convBias },
      { name: 'dense', dims: [classes, channels], values: denseOutIn(model) },
      { name: 'dense_bias', dims: [classes], values: model.denseBias },
    ],
    nodes: [
      {
        op: 'Conv',
        inputs: ['input', 'kernel', 'conv_bias'],
        outputs: ['conv'],
        attributes: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] },
      },
      { op: 'Relu', inputs: ['conv'], outputs: ['relu'] },
      { op: 'GlobalAveragePool', inputs: ['relu'], outputs: ['pool'] },
      { op: 'Flatten', inputs: ['pool'], outputs: ['flat'] },
      {
        op: 'Gemm',
        inputs: ['flat', 'dense', 'dense_bias'],
        outputs: ['scores'],
        attributes: { transB: 1, alpha: float(1), beta: float(1) },
      },
    ],
  });
}

/** A conformance loader for an ONNX Runtime module. */
export function conformanceLoader(ort: OrtModule) {
  return async (model: ConformanceModel): Promise<LoadedConformanceBackend> => ({
    backend: await createOnnxBackend({ ort, model: conformanceOnnx(model) }),
    layers: { conv: 'conv', relu: 'relu' },
  });
}
