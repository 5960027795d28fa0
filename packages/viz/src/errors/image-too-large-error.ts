import { hasVizErrorCode, VizError } from './viz-error.js';

/** An image's header declares more pixels than allowed; it is refused before its pixels are decoded. */
export class ImageTooLargeError extends VizError {
  /** Width declared in the header. */
  readonly width: number;
  /** Height declared in the header. */
  readonly height: number;
  /** The limit in pixels that was exceeded. */
  readonly maxPixels: number;

  constructor(width: number, height: number, maxPixels: number) {
    super(
      'image-too-large',
      `Image is ${width}x${height} (${width * height} pixels), more than the limit of ${maxPixels} pixels. ` +
        'Raise the maxPixels option to accept it.',
    );
    this.name = 'ImageTooLargeError';
    this.width = width;
    this.height = height;
    this.maxPixels = maxPixels;
  }

  /** True when `error` is an {@link ImageTooLargeError} from any copy of the package. */
  static override isInstance(error: unknown): error is ImageTooLargeError {
    return hasVizErrorCode(error, 'image-too-large');
  }
}
