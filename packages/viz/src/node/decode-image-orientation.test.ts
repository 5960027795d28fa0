import { exifOrientationSegment, withJpegSegment } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { type ExifOrientation, orientImage } from '../orient-image.js';
import type { RgbaImage } from '../rgba-image.js';
import { decodeImage } from './decode-image.js';
import { encodeJpeg } from './encode-jpeg.js';
import { readExifOrientation } from './read-exif-orientation.js';

/** Six solid 8x8 blocks, 3 across and 2 down (JPEG keeps solid 8x8 blocks almost exactly). */
const block = 8;
const colors: Record<string, [number, number, number]> = {
  A: [230, 30, 30],
  B: [30, 200, 30],
  C: [30, 30, 230],
  D: [230, 230, 30],
  E: [30, 220, 220],
  F: [220, 30, 220],
};
const stored = [
  ['A', 'B', 'C'],
  ['D', 'E', 'F'],
];

/** The blocks as a viewer shows them for each orientation (TIFF 6.0 / EXIF 2.3, tag 0x0112), by hand. */
const upright: Record<ExifOrientation, string[][]> = {
  1: [
    ['A', 'B', 'C'],
    ['D', 'E', 'F'],
  ],
  2: [
    ['C', 'B', 'A'],
    ['F', 'E', 'D'],
  ],
  3: [
    ['F', 'E', 'D'],
    ['C', 'B', 'A'],
  ],
  4: [
    ['D', 'E', 'F'],
    ['A', 'B', 'C'],
  ],
  5: [
    ['A', 'D'],
    ['B', 'E'],
    ['C', 'F'],
  ],
  6: [
    ['D', 'A'],
    ['E', 'B'],
    ['F', 'C'],
  ],
  7: [
    ['F', 'C'],
    ['E', 'B'],
    ['D', 'A'],
  ],
  8: [
    ['C', 'F'],
    ['B', 'E'],
    ['A', 'D'],
  ],
};

function blocksImage(grid: string[][]): RgbaImage {
  const height = grid.length * block;
  const width = grid[0]!.length * block;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colors[grid[Math.floor(y / block)]![Math.floor(x / block)]!]!;
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

/** The block letter whose colour is nearest to the centre pixel of each block. */
function readBlocks(image: RgbaImage): string[][] {
  return Array.from({ length: image.height / block }, (_, row) =>
    Array.from({ length: image.width / block }, (_, column) => {
      const at = ((row * block + block / 2) * image.width + column * block + block / 2) * 4;
      const pixel = [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
      let best = '';
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const [name, color] of Object.entries(colors)) {
        const distance = color.reduce((sum, value, channel) => sum + (value - pixel[channel]!) ** 2, 0);
        if (distance < bestDistance) [best, bestDistance] = [name, distance];
      }
      expect(bestDistance).toBeLessThan(3 * 20 ** 2);
      return best;
    }),
  );
}

const jpeg = encodeJpeg(blocksImage(stored), 100);
const orientations = [1, 2, 3, 4, 5, 6, 7, 8] as const;

describe('decodeImage: EXIF orientation', () => {
  it('decodes the plain JPEG as stored (no EXIF: nothing to apply)', () => {
    expect(readExifOrientation(jpeg)).toBeUndefined();
    expect(readBlocks(decodeImage(jpeg))).toEqual(stored);
  });

  for (const little of [true, false]) {
    it.each(
      orientations,
    )(`turns orientation %i upright (${little ? 'II, little-endian' : 'MM, big-endian'})`, (orientation) => {
      const file = withJpegSegment(jpeg, exifOrientationSegment(orientation, little));
      expect(readExifOrientation(file)).toBe(orientation);
      const image = decodeImage(file);
      const swapped = orientation >= 5;
      expect([image.width, image.height]).toEqual(swapped ? [16, 24] : [24, 16]);
      expect(readBlocks(image)).toEqual(upright[orientation]);
      expect(readBlocks(decodeImage(file, { orientation: 'ignore' }))).toEqual(stored);
    });
  }

  it('ignores an out-of-range orientation and a segment that is not Exif', () => {
    const bad = withJpegSegment(jpeg, exifOrientationSegment(9, true));
    expect(readExifOrientation(bad)).toBeUndefined();
    expect(readBlocks(decodeImage(bad))).toEqual(stored);
    const xmp = exifOrientationSegment(6, true);
    xmp[4] = 0x58; // 'X' instead of 'E'
    expect(readExifOrientation(withJpegSegment(jpeg, xmp))).toBeUndefined();
  });

  it('rejects an unknown orientation option', () =>
    expect(() => decodeImage(jpeg, { orientation: 'rotate' as never })).toThrow(/orientation/));
});

describe('orientImage', () => {
  it('moves each pixel exactly (a 3x2 image, every orientation back and forth)', () => {
    const image: RgbaImage = {
      width: 3,
      height: 2,
      data: Uint8ClampedArray.from({ length: 24 }, (_, index) => index),
    };
    // Orientation 6 (rotate clockwise) then 8 (rotate counter-clockwise) gives the image back, and so on.
    const inverse: Record<ExifOrientation, ExifOrientation> = {
      1: 1,
      2: 2,
      3: 3,
      4: 4,
      5: 5,
      6: 8,
      7: 7,
      8: 6,
    };
    for (const orientation of orientations) {
      const back = orientImage(orientImage(image, orientation), inverse[orientation]);
      expect(Array.from(back.data)).toEqual(Array.from(image.data));
    }
    // Rotated clockwise: the bottom-left pixel (index 3) comes first.
    expect(orientImage(image, 6).data.slice(0, 4)).toEqual(image.data.slice(12, 16));
  });

  it('rejects an orientation outside 1 to 8', () =>
    expect(() => orientImage({ width: 1, height: 1, data: new Uint8ClampedArray(4) }, 0 as never)).toThrow(
      /orientation/,
    ));
});
