import { hasVizErrorCode, VizError } from './viz-error.js';

/** The bytes (or a file name's extension) are not of an image format this package reads or writes. */
export class UnsupportedImageFormatError extends VizError {
  /** The formats that are supported, e.g. `['png', 'jpeg']`. */
  readonly supported: readonly string[];

  constructor(what: string, supported: readonly string[]) {
    super('unsupported-image-format', `${what} Supported formats: ${supported.join(', ')}.`);
    this.name = 'UnsupportedImageFormatError';
    this.supported = supported;
  }

  /** True when `error` is an {@link UnsupportedImageFormatError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnsupportedImageFormatError {
    return hasVizErrorCode(error, 'unsupported-image-format');
  }
}
