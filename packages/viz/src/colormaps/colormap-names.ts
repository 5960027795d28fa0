/**
 * The built-in colormaps, in the order they are listed in errors.
 *
 * - `'jet'`: OpenCV's `COLORMAP_JET`, byte-identical to `cv2.applyColorMap` (the pytorch-grad-cam default).
 * - `'turbo'`: Google's Turbo, byte-identical to its published `turbo_srgb_bytes` and OpenCV's `COLORMAP_TURBO`.
 * - `'viridis'`, `'inferno'`, `'magma'`, `'plasma'`: matplotlib's, byte-identical to `cmap(i, bytes=True)`.
 * - `'gray'`: entry `i` is `(i, i, i)`.
 */
export const colormapNames = ['jet', 'turbo', 'viridis', 'inferno', 'magma', 'plasma', 'gray'] as const;

/** The name of a built-in colormap: one of {@link colormapNames}. */
export type ColormapName = (typeof colormapNames)[number];

/**
 * A colormap as a lookup table: 256 RGB entries, `table[3 * i + c]` for entry `i` and channel `c` (768 bytes).
 * Entry 0 colours the lowest value, entry 255 the highest.
 */
export type ColormapTable = Uint8Array;

/** True when `name` is the name of a built-in colormap. */
export function isColormapName(name: unknown): name is ColormapName {
  return typeof name === 'string' && (colormapNames as readonly string[]).includes(name);
}
