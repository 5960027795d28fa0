import { opencvLinearColormap } from './opencv-linear-colormap.js';
import { turboData } from './turbo-data.js';

/**
 * Builds Google's Turbo as an RGB table from its published 256-entry float table, quantised as OpenCV's
 * `COLORMAP_TURBO` does (float32 then round half to even). The result is byte-identical to
 * `cv2.applyColorMap(gray, COLORMAP_TURBO)` and to Google's published `turbo_srgb_bytes`, i.e.
 * `round(v * 255)`. (matplotlib's `turbo` with `bytes=True` truncates instead and is 1 lower in about half the
 * entries.)
 */
export function buildTurbo(): Uint8Array {
  return opencvLinearColormap(
    turboData.map((row) => row[0]),
    turboData.map((row) => row[1]),
    turboData.map((row) => row[2]),
  );
}
