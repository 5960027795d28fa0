import { ShapeMismatchError } from './errors/shape-mismatch-error.js';

/**
 * Memory layout of a 4-D image-like tensor.
 *
 * - `'nchw'`: batch, channels, height, width (PyTorch, ONNX).
 * - `'nhwc'`: batch, height, width, channels (TensorFlow, TensorFlow.js).
 */
export type Layout = 'nchw' | 'nhwc';

/**
 * A dense 4-D float tensor as it crosses the boundary between core and a backend: a plain
 * `Float32Array` in row-major order, its shape, and the meaning of the axes.
 *
 * Backends never hand framework tensors to core; core never hands framework tensors to backends.
 */
export interface SpatialTensor {
  /** Row-major values; `data.length` equals the product of `shape`. */
  readonly data: Float32Array;
  /** `[batch, channels, height, width]` for `'nchw'`, `[batch, height, width, channels]` for `'nhwc'`. */
  readonly shape: readonly [number, number, number, number];
  /** The order of the axes in `shape` and `data`. */
  readonly layout: Layout;
}

/**
 * Layout of a token tensor (a transformer layer's activations): batch, tokens, channels. The tokens are the
 * prefix tokens (class token, distillation token, registers) followed by the patches of a spatial grid in
 * row-major order.
 */
export type TokenLayout = 'ntc';

/**
 * A dense 3-D float tensor of tokens as it crosses the boundary between core and a backend: what a backend
 * returns for a token layer (`LayerInfo.layout === 'ntc'`). Core drops the prefix tokens and reads the rest as
 * a `height x width` grid (`tokensToGrid`).
 */
export interface TokenTensor {
  /** Row-major values; `data.length` equals the product of `shape`. */
  readonly data: Float32Array;
  /** `[batch, tokens, channels]`. */
  readonly shape: readonly [number, number, number];
  /** Always `'ntc'`. */
  readonly layout: TokenLayout;
}

/** The activations (or gradients) of a layer: a spatial feature map, or tokens. */
export type LayerTensor = SpatialTensor | TokenTensor;

/** True when a layer tensor is a {@link TokenTensor}. */
export function isTokenTensor(tensor: LayerTensor): tensor is TokenTensor {
  return tensor.layout === 'ntc';
}

/**
 * The tensor as a {@link SpatialTensor}, for code that works on feature maps: a token tensor is rejected (core
 * reads it as a grid first: `tokensToGrid`, or `tokenGridBackend` for a whole backend).
 *
 * @param tensor - activations or gradients of a layer.
 * @param what - what the tensor is, for the message.
 * @throws {@link ShapeMismatchError} for a token tensor.
 */
export function requireSpatial(tensor: LayerTensor, what: string): SpatialTensor {
  if (!isTokenTensor(tensor)) return tensor;
  throw new ShapeMismatchError(
    `${what} are tokens [${tensor.shape.join(', ')}], where a 4-D feature map is needed: read them as a grid ` +
      'with tokensToGrid (or explain, which does).',
    { actual: [...tensor.shape] },
  );
}

/** Class scores for a batch: `shape` is `[batch, classes]`, `data` is row-major. */
export interface ScoreTensor {
  /** Row-major values; `data.length` equals `shape[0] * shape[1]`. */
  readonly data: Float32Array;
  /** `[batch, classes]`. */
  readonly shape: readonly [number, number];
}

/** The sizes of a {@link SpatialTensor} independent of its layout. */
export interface SpatialDimensions {
  /** Batch size. */
  readonly batch: number;
  /** Number of channels. */
  readonly channels: number;
  /** Height in pixels (or cells). */
  readonly height: number;
  /** Width in pixels (or cells). */
  readonly width: number;
}

/**
 * Reads batch, channels, height and width from a shape given its layout.
 *
 * @param shape - a 4-D shape.
 * @param layout - the layout the shape is in (a token layout has no spatial dimensions: read tokens as a grid
 * first, `tokensToGrid`).
 * @throws RangeError for a shape that is not 4-D or the token layout.
 */
export function spatialDimensions(shape: readonly number[], layout: Layout | TokenLayout): SpatialDimensions {
  if (shape.length !== 4 || layout === 'ntc') {
    throw new RangeError(
      layout === 'ntc'
        ? `Tokens [${shape.join(', ')}] have no height and width until read as a grid (tokensToGrid).`
        : `Expected a 4-D shape, got [${shape.join(', ')}] (${shape.length}-D).`,
    );
  }
  const [a, b, c, d] = shape as [number, number, number, number];
  return layout === 'nchw'
    ? { batch: a, channels: b, height: c, width: d }
    : { batch: a, channels: d, height: b, width: c };
}

/**
 * A 2-D map (one per sample): `data` holds `height * width` values, row by row.
 */
export interface HeatMap {
  /** Row-major values. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly height: number;
  /** Number of columns. */
  readonly width: number;
}
