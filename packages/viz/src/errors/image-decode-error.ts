import { hasVizErrorCode, VizError } from './viz-error.js';

/** Image bytes of a known format could not be decoded: truncated, corrupt, or a variant the decoder lacks. */
export class ImageDecodeError extends VizError {
  /** The format the bytes claimed to be, e.g. `'png'`. */
  readonly format: string;

  constructor(format: string, detail: string, options?: { cause?: unknown }) {
    super('image-decode', `Cannot decode ${format.toUpperCase()} image: ${detail}`, options);
    this.name = 'ImageDecodeError';
    this.format = format;
  }

  /** True when `error` is an {@link ImageDecodeError} from any copy of the package. */
  static override isInstance(error: unknown): error is ImageDecodeError {
    return hasVizErrorCode(error, 'image-decode');
  }
}
