import { SeededRandom } from '../math/seeded-random.js';
import { type Layout, type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * The small model every adapter builds in its own runtime to run the conformance suite:
 *
 * `input [N, H, W, Cin]` → `conv` (3x3, stride 1, zero padding 1, bias; `Cin → C`) → `relu` →
 * global average pool → `dense` (`C → K`, bias) → scores (no softmax).
 *
 * With the layer `relu` as target, the gradient of `sum_k w[n,k] * scores[n,k]` with respect to the ReLU output
 * is `sum_k w[n,k] * dense[c,k] / (H * W)` at every position: a closed form the suite checks.
 */
export interface ConformanceModel {
  /** Input height. */
  readonly height: number;
  /** Input width. */
  readonly width: number;
  /** Input channels. */
  readonly inputChannels: number;
  /** Output channels of the convolution. */
  readonly channels: number;
  /** Number of classes. */
  readonly classes: number;
  /** Convolution kernel, `[3, 3, inputChannels, channels]` (HWIO, TensorFlow's order) row-major. */
  readonly kernel: Float32Array;
  /** Convolution bias, `[channels]`. */
  readonly convBias: Float32Array;
  /** Dense weights, `[channels, classes]` (in, out) row-major. */
  readonly dense: Float32Array;
  /** Dense bias, `[classes]`. */
  readonly denseBias: Float32Array;
}

/**
 * Deterministic pseudo-random numbers in `[-1, 1)`, so every adapter builds the same model and tests draw the same
 * data. Each call returns `2 * r.next() - 1` of one core {@link SeededRandom} `r` made from `seed`: the repository's
 * single seeded generator; use `SeededRandom` itself for integers, normals or shuffles.
 *
 * @param seed - any number; its integer part modulo 2^32 is used. The same seed gives the same sequence.
 */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => 2 * random.next() - 1;
}

/** The conformance model's weights (fixed, deterministic). */
export function conformanceModel(): ConformanceModel {
  const random = seededRandom(20171022);
  const height = 6;
  const width = 5;
  const inputChannels = 2;
  const channels = 4;
  const classes = 3;
  const values = (count: number, scale: number, shift = 0) =>
    Float32Array.from({ length: count }, () => random() * scale + shift);
  return {
    height,
    width,
    inputChannels,
    channels,
    classes,
    kernel: values(9 * inputChannels * channels, 0.5),
    convBias: values(channels, 0.2, -0.1),
    dense: values(channels * classes, 1),
    denseBias: values(classes, 0.1),
  };
}

/** The convolution kernel in ONNX/PyTorch order `[channels, inputChannels, 3, 3]` (OIHW). */
export function kernelOIHW(model: ConformanceModel): Float32Array {
  const { inputChannels, channels, kernel } = model;
  const out = new Float32Array(kernel.length);
  for (let ky = 0; ky < 3; ky++) {
    for (let kx = 0; kx < 3; kx++) {
      for (let ci = 0; ci < inputChannels; ci++) {
        for (let co = 0; co < channels; co++) {
          out[((co * inputChannels + ci) * 3 + ky) * 3 + kx] =
            kernel[((ky * 3 + kx) * inputChannels + ci) * channels + co]!;
        }
      }
    }
  }
  return out;
}

/** Dense weights in ONNX Gemm / PyTorch Linear order `[classes, channels]`. */
export function denseOutIn(model: ConformanceModel): Float32Array {
  const { channels, classes, dense } = model;
  const out = new Float32Array(dense.length);
  for (let c = 0; c < channels; c++)
    for (let k = 0; k < classes; k++) out[k * channels + c] = dense[c * classes + k]!;
  return out;
}

/** Everything the conformance model computes for a batch, in the layout of the input. */
export interface ConformanceForward {
  /** Convolution output (before ReLU). */
  readonly conv: SpatialTensor;
  /** ReLU output. */
  readonly relu: SpatialTensor;
  /** Scores, `[batch * classes]`. */
  readonly scores: Float32Array;
}

/** Runs the conformance model in plain TypeScript (double precision accumulation). */
export function conformanceForward(model: ConformanceModel, input: SpatialTensor): ConformanceForward {
  const { batch, height, width } = spatialDimensions(input.shape, input.layout);
  const { inputChannels, channels, classes, kernel, convBias, dense, denseBias } = model;
  const layout: Layout = input.layout;
  const at = (n: number, c: number, y: number, x: number, C: number) =>
    layout === 'nchw' ? ((n * C + c) * height + y) * width + x : ((n * height + y) * width + x) * C + c;
  const conv = new Float32Array(batch * channels * height * width);
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < channels; co++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let sum = convBias[co]!;
          for (let ky = 0; ky < 3; ky++) {
            const sy = y + ky - 1;
            if (sy < 0 || sy >= height) continue;
            for (let kx = 0; kx < 3; kx++) {
              const sx = x + kx - 1;
              if (sx < 0 || sx >= width) continue;
              for (let ci = 0; ci < inputChannels; ci++) {
                sum +=
                  input.data[at(n, ci, sy, sx, inputChannels)]! *
                  kernel[((ky * 3 + kx) * inputChannels + ci) * channels + co]!;
              }
            }
          }
          conv[at(n, co, y, x, channels)] = sum;
        }
      }
    }
  }
  const relu = conv.map((value) => (value > 0 ? value : 0));
  const scores = new Float32Array(batch * classes);
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < classes; k++) {
      let sum = denseBias[k]!;
      for (let c = 0; c < channels; c++) {
        let pooled = 0;
        for (let y = 0; y < height; y++)
          for (let x = 0; x < width; x++) pooled += relu[at(n, c, y, x, channels)]!;
        sum += (pooled / (height * width)) * dense[c * classes + k]!;
      }
      scores[n * classes + k] = sum;
    }
  }
  const shape: [number, number, number, number] =
    layout === 'nchw' ? [batch, channels, height, width] : [batch, height, width, channels];
  return { conv: { data: conv, shape, layout }, relu: { data: relu, shape, layout }, scores };
}

/**
 * The exact gradient of `sum_k weights[n,k] * scores[n,k]` with respect to the ReLU output (`atConv: false`) or
 * the convolution output (`atConv: true`, masked by `conv > 0`), in the layout of `forward`.
 */
export function conformanceGradient(
  model: ConformanceModel,
  forward: ConformanceForward,
  weights: Float32Array,
  atConv: boolean,
): Float32Array {
  const { channels, classes, dense } = model;
  const { batch, height, width } = spatialDimensions(forward.relu.shape, forward.relu.layout);
  const out = new Float32Array(forward.relu.data.length);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      let value = 0;
      for (let k = 0; k < classes; k++) value += weights[n * classes + k]! * dense[c * classes + k]!;
      value /= height * width;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const index =
            forward.relu.layout === 'nchw'
              ? ((n * channels + c) * height + y) * width + x
              : ((n * height + y) * width + x) * channels + c;
          out[index] = atConv && !(forward.conv.data[index]! > 0) ? 0 : value;
        }
      }
    }
  }
  return out;
}

/** A batch of deterministic inputs for the conformance model in the given layout. */
export function conformanceInput(
  model: ConformanceModel,
  batch: number,
  layout: Layout,
  seed = 1,
): SpatialTensor {
  const random = seededRandom(seed);
  const { height, width, inputChannels } = model;
  const data = Float32Array.from({ length: batch * height * width * inputChannels }, () => random());
  const shape: [number, number, number, number] =
    layout === 'nchw' ? [batch, inputChannels, height, width] : [batch, height, width, inputChannels];
  return { data, shape, layout };
}

/**
 * The exact gradient of `sum_k weights[n,k] * scores[n,k]` with respect to the **input**, in the layout of the
 * input: the gradient at the convolution output (see {@link conformanceGradient}) sent back through the
 * convolution (a transposed convolution with the same kernel). With `guided`, the ReLU passes gradient only where
 * both the convolution output and the gradient arriving at the ReLU are positive (Guided Backpropagation).
 */
export function conformanceInputGradient(
  model: ConformanceModel,
  forward: ConformanceForward,
  weights: Float32Array,
  guided = false,
): Float32Array {
  const { inputChannels, channels, kernel } = model;
  const { layout } = forward.conv;
  const { batch, height, width } = spatialDimensions(forward.conv.shape, layout);
  const atRelu = conformanceGradient(model, forward, weights, false);
  const atConv = atRelu.map((value, index) =>
    forward.conv.data[index]! > 0 && (!guided || value > 0) ? value : 0,
  );
  const at = (n: number, c: number, y: number, x: number, C: number) =>
    layout === 'nchw' ? ((n * C + c) * height + y) * width + x : ((n * height + y) * width + x) * C + c;
  const out = new Float32Array(batch * inputChannels * height * width);
  for (let n = 0; n < batch; n++) {
    for (let ci = 0; ci < inputChannels; ci++) {
      for (let sy = 0; sy < height; sy++) {
        for (let sx = 0; sx < width; sx++) {
          let sum = 0;
          // conv[y, x] reads input[y + ky - 1, x + kx - 1]: the input pixel (sy, sx) feeds y = sy - ky + 1.
          for (let ky = 0; ky < 3; ky++) {
            const y = sy - ky + 1;
            if (y < 0 || y >= height) continue;
            for (let kx = 0; kx < 3; kx++) {
              const x = sx - kx + 1;
              if (x < 0 || x >= width) continue;
              for (let co = 0; co < channels; co++) {
                sum +=
                  atConv[at(n, co, y, x, channels)]! *
                  kernel[((ky * 3 + kx) * inputChannels + ci) * channels + co]!;
              }
            }
          }
          out[at(n, ci, sy, sx, inputChannels)] = sum;
        }
      }
    }
  }
  return out;
}
