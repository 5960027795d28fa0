import { hasVizErrorCode, VizError } from './viz-error.js';

/** A colormap name that is not one of the built-in colormaps. */
export class UnknownColormapError extends VizError {
  /** The name asked for. */
  readonly colormap: string;
  /** The names that exist. */
  readonly available: readonly string[];

  constructor(colormap: string, available: readonly string[]) {
    super('unknown-colormap', `Unknown colormap "${colormap}". Available: ${available.join(', ')}.`);
    this.name = 'UnknownColormapError';
    this.colormap = colormap;
    this.available = available;
  }

  /** True when `error` is an {@link UnknownColormapError} from any copy of the package. */
  static override isInstance(error: unknown): error is UnknownColormapError {
    return hasVizErrorCode(error, 'unknown-colormap');
  }
}
