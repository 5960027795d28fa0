import { GradcamError, hasErrorCode } from '@gradcam/core';

/**
 * A Keras layer of a TensorFlow.js LayersModel cannot be exported to ONNX: its class is not supported, or one of
 * its settings is not (e.g. `data_format: 'channels_first'`, an unknown activation, a shared layer). The message
 * names the layer, its class, what is wrong and what is supported.
 */
export class UnsupportedLayerError extends GradcamError {
  /** The layer's name in the model. */
  readonly layer: string;
  /** The layer's Keras class, e.g. `'DepthwiseConv2D'`. */
  readonly className: string;
  /** What is supported instead: layer classes, or the values a setting may take. */
  readonly supported: readonly string[];

  constructor(layer: string, className: string, problem: string, supported: readonly string[]) {
    super(
      'unsupported-layer',
      `Cannot export layer "${layer}" (${className}) to ONNX: ${problem}. Supported: ${supported.join(', ')}.`,
    );
    this.name = 'UnsupportedLayerError';
    this.layer = layer;
    this.className = className;
    this.supported = supported;
  }

  /** True when `error` is an {@link UnsupportedLayerError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnsupportedLayerError {
    return hasErrorCode(error, 'unsupported-layer');
  }
}
