import { UnknownColormapError } from '../errors/unknown-colormap-error.js';
import { type ColormapName, type ColormapTable, colormapNames, isColormapName } from './colormap-names.js';
import { buildGray } from './gray.js';
import { infernoData } from './inferno-data.js';
import { buildJet } from './jet.js';
import { magmaData } from './magma-data.js';
import { matplotlibBytes } from './matplotlib-bytes.js';
import { plasmaData } from './plasma-data.js';
import { buildTurbo } from './turbo.js';
import { viridisData } from './viridis-data.js';

const builders: Record<ColormapName, () => ColormapTable> = {
  jet: buildJet,
  turbo: buildTurbo,
  viridis: () => matplotlibBytes(viridisData),
  inferno: () => matplotlibBytes(infernoData),
  magma: () => matplotlibBytes(magmaData),
  plasma: () => matplotlibBytes(plasmaData),
  gray: buildGray,
};

const cache = new Map<ColormapName, ColormapTable>();

/**
 * The shared, lazily built table of a built-in colormap. Internal: callers must not modify it.
 *
 * @throws {@link UnknownColormapError} when `name` is not one of {@link colormapNames}.
 */
export function sharedColormap(name: string): ColormapTable {
  if (!isColormapName(name)) throw new UnknownColormapError(name, colormapNames);
  let table = cache.get(name);
  if (table === undefined) {
    table = builders[name]();
    cache.set(name, table);
  }
  return table;
}

/**
 * Returns a built-in colormap as a 256-entry RGB lookup table (768 bytes, `table[3 * i + c]`).
 *
 * The table is a fresh copy each call, free to modify.
 *
 * @param name - one of {@link colormapNames}.
 * @throws {@link UnknownColormapError} (listing the available names) when `name` is not a built-in colormap.
 * @example
 * ```ts
 * const jet = getColormap('jet');
 * jet.subarray(0, 3); // Uint8Array [0, 0, 128]
 * ```
 */
export function getColormap(name: ColormapName): ColormapTable {
  return sharedColormap(name).slice();
}
