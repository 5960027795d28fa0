import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { HeatMap } from './heat-map.js';
import { overlay } from './overlay.js';
import type { RgbaImage } from './rgba-image.js';

/** pytorch-grad-cam's show_cam_on_image with OpenCV 4.6.0 and numpy 1.24 (scripts/make-reference.py). */
const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/reference.json', import.meta.url), 'utf8'),
) as {
  overlay: {
    width: number;
    height: number;
    image: number[];
    coarse: { width: number; height: number; data: number[] };
    mask: number[];
    expected: Record<string, number[]>;
  };
};

const rgb = (width: number, height: number, pixels: number[]): RgbaImage => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set([pixels[i * 3]!, pixels[i * 3 + 1]!, pixels[i * 3 + 2]!, 255], i * 4);
  }
  return { data, width, height };
};
const heat = (width: number, height: number, values: number[]): HeatMap => ({
  data: Float32Array.from(values),
  width,
  height,
});
const rgbOf = (image: RgbaImage) => [...image.data].filter((_, i) => i % 4 !== 3);

describe('overlay', () => {
  it('matches show_cam_on_image on a hand-computed 2x2 case', () => {
    // jet(0) = (0, 0, 128), jet(1) = (128, 0, 0). With image_weight 0.5, in units of 1/255:
    //   white (255,255,255) under 0: cam = (127.5, 127.5, 127.5 + 64) = (127.5, 127.5, 191.5)
    //   black under 1:               cam = (64, 0, 0)
    //   gray 128 under 1:            cam = (64 + 64, 64, 64) = (128, 64, 64)
    //   black under 0:               cam = (0, 0, 64)
    // max = 191.5, out = floor(255 * cam / 191.5):
    //   127.5 -> 169 (169.77), 191.5 -> 255, 64 -> 85 (85.22), 128 -> 170 (170.44), 0 -> 0.
    const image = rgb(2, 2, [255, 255, 255, 0, 0, 0, 128, 128, 128, 0, 0, 0]);
    const result = overlay(image, heat(2, 2, [0, 1, 1, 0]));
    expect(rgbOf(result)).toEqual([169, 169, 255, 85, 0, 0, 170, 85, 85, 0, 0, 85]);
    expect(result.data[3]).toBe(255);
  });

  it('offers a plain alpha blend', () => {
    // round(0.25 * heat + 0.75 * image): (0.25*0 + 0.75*255, same, 0.25*128 + 0.75*255) = (191.25, 191.25, 223.25)
    const image = rgb(2, 1, [255, 255, 255, 100, 50, 0]);
    const result = overlay(image, heat(2, 1, [0, 1]), { alpha: 0.25, normalize: false });
    // second pixel: 0.25 * (128, 0, 0) + 0.75 * (100, 50, 0) = (107, 37.5, 0); the tie 37.5 rounds to even, 38.
    expect(rgbOf(result)).toEqual([191, 191, 223, 107, 38, 0]);
  });

  it('reproduces pytorch-grad-cam byte for byte for image weights 0.5 and 0.3', () => {
    const { width, height } = reference.overlay;
    const image = rgb(width, height, reference.overlay.image);
    const mask = heat(width, height, reference.overlay.mask);
    expect(rgbOf(overlay(image, mask))).toEqual(reference.overlay.expected['0.5']);
    expect(rgbOf(overlay(image, mask, { alpha: 0.7 }))).toEqual(reference.overlay.expected['0.3']);
  });

  it('resizes a coarse heat map to the image size first (bilinear, half-pixel centres)', () => {
    const { width, height, coarse } = reference.overlay;
    const image = rgb(width, height, reference.overlay.image);
    const result = rgbOf(overlay(image, heat(coarse.width, coarse.height, coarse.data)));
    // resizeMap agrees with cv2.resize's float32 result closely enough that every colormap entry is the same.
    expect(result).toEqual(reference.overlay.expected['0.5']);
  });

  it('keeps the image alpha and ignores NaN heat', () => {
    const image: RgbaImage = { data: Uint8ClampedArray.from([10, 20, 30, 77]), width: 1, height: 1 };
    const result = overlay(image, heat(1, 1, [Number.NaN]), { normalize: false });
    expect([...result.data]).toEqual([10, 20, 30, 77]);
    const normalized = overlay(image, heat(1, 1, [Number.NaN]));
    expect([...normalized.data]).toEqual([85, 170, 255, 77]);
  });

  it('is black, not NaN, when everything is black', () => {
    const image = rgb(1, 1, [0, 0, 0]);
    const result = overlay(image, heat(1, 1, [0]), { colormap: 'gray' });
    expect([...result.data]).toEqual([0, 0, 0, 255]);
  });

  it('refuses a bad alpha', () => {
    const image = rgb(1, 1, [0, 0, 0]);
    expect(() => overlay(image, heat(1, 1, [0]), { alpha: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => overlay(image, heat(1, 1, [0]), { alpha: Number.NaN })).toThrow(/alpha/);
  });
});
