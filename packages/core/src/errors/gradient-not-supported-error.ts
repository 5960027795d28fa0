import { GradcamError, hasErrorCode } from './gradcam-error.js';

/**
 * The backend cannot differentiate an operation on the path from the layer to the scores. Gradient-free
 * methods (Score-CAM, Ablation-CAM, Eigen-CAM) still work.
 */
export class GradientNotSupportedError extends GradcamError {
  /** The operation type, e.g. `'NonMaxSuppression'`. */
  readonly operation: string;
  /** The node or layer that uses it. */
  readonly node: string;

  constructor(operation: string, node: string, detail?: string) {
    super(
      'gradient-not-supported',
      `Cannot compute gradients through ${operation} (node "${node}")${detail ? `: ${detail}` : ''}. ` +
        'Choose a layer after it, or a gradient-free method (scorecam, ablationcam, eigencam).',
    );
    this.name = 'GradientNotSupportedError';
    this.operation = operation;
    this.node = node;
  }

  /** True when `error` is a {@link GradientNotSupportedError} from any copy of the package. */
  static override isInstance(error: unknown): error is GradientNotSupportedError {
    return hasErrorCode(error, 'gradient-not-supported');
  }
}
