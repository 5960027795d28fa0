import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { ColormapName, ColormapTable } from './colormap-names.js';
import { sharedColormap } from './get-colormap.js';

/**
 * Turns a `colormap` option (a built-in name or a custom 768-byte table) into a lookup table. Internal.
 *
 * @throws {@link UnknownColormapError} for an unknown name, {@link InvalidArgumentError} for a table of the
 * wrong length.
 */
export function resolveColormap(colormap: ColormapName | ColormapTable): ColormapTable {
  if (typeof colormap === 'string') return sharedColormap(colormap);
  if (!(colormap instanceof Uint8Array) || colormap.length !== 768) {
    throw new InvalidArgumentError(
      'colormap',
      `colormap must be a built-in name or a Uint8Array of 256 RGB entries (768 bytes), got ${describe(colormap)}.`,
    );
  }
  return colormap;
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  return value === null ? 'null' : typeof value;
}
