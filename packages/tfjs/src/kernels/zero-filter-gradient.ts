import type { KernelFunc } from '@tensorflow/tfjs-core';

/**
 * Kernels that compute the gradient of a convolution with respect to its filter. tfjs's fused convolutions
 * (`fused.conv2d`, `fused.depthwiseConv2d`: GraphModel `_FusedConv2D` and `FusedDepthwiseConv2dNative` nodes,
 * tfjs-layers' `Conv2D`) call them eagerly in their backward pass even when only the input gradient is wanted.
 */
export const filterGradientKernels = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'] as const;

interface WriteBackend {
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
}

/**
 * A stand-in for the {@link filterGradientKernels} that returns zeros of the filter's shape without computing
 * anything. Correct whenever the filter is a constant (model weights): its gradient is then never used. It
 * removes the dominant cost of the backward pass through fused convolutions (the weight gradient, about 100
 * times the input gradient's work on cpu) and makes it possible on wasm, which has no `Conv2DBackpropFilter`.
 */
export const zeroFilterGradient: KernelFunc = ({ backend, attrs }) => {
  const shape = [...((attrs?.filterShape as number[] | undefined) ?? [])];
  const size = shape.reduce((product, dim) => product * dim, 1);
  return {
    dataId: (backend as WriteBackend).write(new Float32Array(size), shape, 'float32'),
    shape,
    dtype: 'float32',
  };
};
