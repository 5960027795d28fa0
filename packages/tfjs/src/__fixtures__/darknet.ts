import { readFileSync } from 'node:fs';
import type { SpatialTensor } from '@gradcam/core';
import { images, labels, models } from '@gradcam/fixtures';
import { decodeImage } from '@gradcam/viz/node';
import { loadTfjsModel } from '../node/load-tfjs-model.js';

/** darknet-tiny (LayersModel, ImageNet in Darknet class order). */
export const loadDarknetTiny = () => loadTfjsModel(models.darknetTiny);

/** The Darknet-order ImageNet labels, index = class. */
export const darknetLabels: readonly string[] = readFileSync(labels.imagenetDarknetOrder, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0);

/** `both.png` preprocessed for darknet-tiny: RGB, x/255, [1, 224, 224, 3] NHWC. */
export function bothImageInput(): SpatialTensor {
  const { width, height, data: rgba } = decodeImage(readFileSync(images.both));
  const data = new Float32Array(width * height * 3);
  for (let pixel = 0; pixel < width * height; pixel++) {
    for (let channel = 0; channel < 3; channel++) data[pixel * 3 + channel] = rgba[pixel * 4 + channel]! / 255;
  }
  return {
    data,
    shape: [1, height, width, 3],
    layout: 'nhwc',
  };
}

/** A rectangle in pixels: `x0 <= x < x1`, `y0 <= y < y1`. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Around the bulldog (upper centre of both.png), from looking at the photo. */
export const dogBox: Box = { x0: 75, y0: 10, x1: 168, y1: 140 };
/** Around the tabby lying across the bottom of both.png. */
export const catBox: Box = { x0: 45, y0: 140, x1: 215, y1: 224 };

/** Share of a map's total mass that lies inside `box`. */
export function massShare(map: { data: Float32Array; width: number }, box: Box): number {
  let inside = 0;
  let total = 0;
  map.data.forEach((value, index) => {
    const x = index % map.width;
    const y = Math.floor(index / map.width);
    total += value;
    if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1) inside += value;
  });
  return total > 0 ? inside / total : 0;
}
