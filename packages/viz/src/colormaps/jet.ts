import { opencvLinearColormap } from './opencv-linear-colormap.js';

/**
 * Builds OpenCV's `COLORMAP_JET` as an RGB table, byte-identical to `cv2.applyColorMap(gray, COLORMAP_JET)`
 * (flipped from OpenCV's BGR to RGB), which is what pytorch-grad-cam's `show_cam_on_image` uses.
 *
 * OpenCV's `Jet` class holds GNU Octave's `jet(256)` as 256 float literals per channel (in float32). They are
 * the piecewise-linear ramps below, with `x = i / 255`, clamped to `[0, 1]`:
 *
 * - red: `min(4x - 1.5, -4x + 4.5)`
 * - green: `min(4x - 0.5, -4x + 3.5)`
 * - blue: `min(4x + 0.5, -4x + 2.5)`
 *
 * and go through {@link opencvLinearColormap}. Index 0 is dark blue `(0, 0, 128)`, index 255 dark red
 * `(128, 0, 0)`.
 */
export function buildJet(): Uint8Array {
  const red = new Float64Array(256);
  const green = new Float64Array(256);
  const blue = new Float64Array(256);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    red[i] = ramp(4 * x - 1.5, -4 * x + 4.5);
    green[i] = ramp(4 * x - 0.5, -4 * x + 3.5);
    blue[i] = ramp(4 * x + 0.5, -4 * x + 2.5);
  }
  return opencvLinearColormap(red, green, blue);
}

function ramp(rising: number, falling: number): number {
  return Math.min(1, Math.max(0, Math.min(rising, falling)));
}
