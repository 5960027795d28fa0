import type { SpatialTensor } from '@gradcam/core';
import { imageToInput, type RgbaImage } from '@gradcam/viz';
import { IMAGE_BYTES, IMAGE_SIZE, type Split } from '../data/dataset.js';
import type { StudyModel } from './study-model.js';

/** Image `index` of a split as an opaque RGBA image. */
export function rgbaImage(split: Split, index: number): RgbaImage {
  const area = IMAGE_SIZE * IMAGE_SIZE;
  const data = new Uint8ClampedArray(area * 4);
  const base = index * IMAGE_BYTES;
  for (let pixel = 0; pixel < area; pixel++) {
    data[pixel * 4] = split.images[base + pixel * 3]!;
    data[pixel * 4 + 1] = split.images[base + pixel * 3 + 1]!;
    data[pixel * 4 + 2] = split.images[base + pixel * 3 + 2]!;
    data[pixel * 4 + 3] = 255;
  }
  return { data, width: IMAGE_SIZE, height: IMAGE_SIZE };
}

/** The images `indices` of a split as one input batch of `model`, preprocessed with its preprocessing. */
export function inputBatch(split: Split, indices: readonly number[], model: StudyModel): SpatialTensor {
  const size = IMAGE_BYTES;
  const data = new Float32Array(indices.length * size);
  let layout = model.backend.input.layout;
  indices.forEach((index, row) => {
    const one = imageToInput(rgbaImage(split, index), model.backend.input, model.preprocess);
    layout = one.layout;
    data.set(one.data, row * size);
  });
  const count = indices.length;
  const shape: SpatialTensor['shape'] =
    layout === 'nchw' ? [count, 3, IMAGE_SIZE, IMAGE_SIZE] : [count, IMAGE_SIZE, IMAGE_SIZE, 3];
  return { data, shape, layout };
}
