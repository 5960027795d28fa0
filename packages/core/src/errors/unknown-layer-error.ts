import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** The layer asked for does not exist in the model. The message lists the layers that do. */
export class UnknownLayerError extends GradcamError {
  /** The layer name that was asked for. */
  readonly layer: string;
  /** The names of the layers that can be used (4-D outputs first when the backend knows). */
  readonly available: readonly string[];

  constructor(layer: string, available: readonly string[]) {
    const shown = available.slice(-25);
    const more = available.length > shown.length ? ` (last ${shown.length} of ${available.length})` : '';
    super(
      'unknown-layer',
      `Unknown layer "${layer}". Layers you can use${more}: ${shown.join(', ') || '(none)'}.`,
    );
    this.name = 'UnknownLayerError';
    this.layer = layer;
    this.available = available;
  }

  /** True when `error` is an {@link UnknownLayerError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnknownLayerError {
    return hasErrorCode(error, 'unknown-layer');
  }
}
