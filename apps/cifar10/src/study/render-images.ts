import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { overlay, type RgbaImage, resizeImage } from '@gradcam/viz';
import { encodePng } from '@gradcam/viz/node';

/** How much the 32x32 images are enlarged in the report (nearest neighbour: every pixel a 4x4 block). */
const UPSCALE = 4;

/** A 32x32 image enlarged {@link UPSCALE} times with nearest-neighbour sampling. */
export function upscale(image: RgbaImage): RgbaImage {
  return resizeImage(
    image,
    { height: image.height * UPSCALE, width: image.width * UPSCALE },
    { method: 'nearest' },
  );
}

/** Writes the enlarged image as a PNG at `root/path`. */
export function writeEnlarged(root: string, path: string, enlarged: RgbaImage): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encodePng(enlarged));
}

/**
 * Writes the map over the enlarged image as a PNG at `root/path`: the 32x32 map is resized bilinearly to the
 * enlarged size (so it reads as a smooth field over the pixel blocks) and blended with the JET colormap, as
 * pytorch-grad-cam's `show_cam_on_image` does. PNG rather than JPEG: about 14 kB instead of 5 kB per overlay, but
 * 9 ms instead of 60 ms to encode (jpeg-js sets up its tables on every call), which decides the run time with
 * tens of thousands of overlays.
 */
export function writeOverlay(root: string, path: string, enlarged: RgbaImage, map: Float32Array): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  const heat = { data: map, height: 32, width: 32 };
  writeFileSync(file, encodePng(overlay(enlarged, heat, { alpha: 0.5 })));
}
