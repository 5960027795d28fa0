import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { overlay, type RgbaImage, resizeImage } from '@gradcam/viz';
import { encodeJpeg, encodePng } from '@gradcam/viz/node';

/** How much the 32x32 images are enlarged in the report (nearest neighbour: every pixel a 4x4 block). */
export const UPSCALE = 4;
/** JPEG quality of the overlays. */
const OVERLAY_QUALITY = 88;

/** A 32x32 image enlarged {@link UPSCALE} times with nearest-neighbour sampling. */
export function upscale(image: RgbaImage): RgbaImage {
  return resizeImage(image, image.width * UPSCALE, image.height * UPSCALE, { method: 'nearest' });
}

/** Writes the enlarged image as a PNG at `root/path`. */
export function writeEnlarged(root: string, path: string, enlarged: RgbaImage): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encodePng(enlarged));
}

/**
 * Writes the map over the enlarged image as a JPEG at `root/path`: the 32x32 map is resized bilinearly to the
 * enlarged size (so it reads as a smooth field over the pixel blocks) and blended with the JET colormap, as
 * pytorch-grad-cam's `show_cam_on_image` does.
 */
export function writeOverlay(root: string, path: string, enlarged: RgbaImage, map: Float32Array): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  const heat = { data: map, height: 32, width: 32 };
  writeFileSync(file, encodeJpeg(overlay(enlarged, heat, { alpha: 0.5 }), OVERLAY_QUALITY));
}
