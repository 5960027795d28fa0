import { readFileSync } from 'node:fs';
import { images } from '@gradcam/fixtures';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import { UnsupportedImageFormatError } from '../errors/unsupported-image-format-error.js';
import { VizError } from '../errors/viz-error.js';
import type { RgbaImage } from '../rgba-image.js';
import { decodeImage } from './decode-image.js';
import { encodeJpeg } from './encode-jpeg.js';
import { encodePng } from './encode-png.js';
import { readImageHeader } from './read-image-header.js';

/** jacobgil/pytorch-grad-cam @084273b3 examples/both.png (MIT): a bulldog and a tabby cat, 224x224 RGB. */
const bothPng = new Uint8Array(readFileSync(images.both));

const gradient = (width: number, height: number): RgbaImage => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([(x * 255) / (width - 1), (y * 255) / (height - 1), 128, 255 - x], (y * width + x) * 4);
    }
  }
  return { data, width, height };
};

const thrown = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('decodeImage', () => {
  it('decodes the real photo both.png', () => {
    const image = decodeImage(bothPng);
    expect(image.width).toBe(224);
    expect(image.height).toBe(224);
    expect(image.data).toBeInstanceOf(Uint8ClampedArray);
    expect(image.data).toHaveLength(224 * 224 * 4);
    // RGB file: every pixel opaque; a photo: many distinct colours.
    const alphas = new Set<number>();
    const colours = new Set<number>();
    for (let i = 0; i < image.data.length; i += 4) {
      alphas.add(image.data[i + 3]!);
      colours.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
    }
    expect([...alphas]).toEqual([255]);
    expect(colours.size).toBeGreaterThan(10_000);
  });

  it('round-trips PNG losslessly, alpha included', () => {
    const image = gradient(37, 11);
    const bytes = encodePng(image);
    expect(readImageHeader(bytes)).toEqual({ format: 'png', width: 37, height: 11 });
    const decoded = decodeImage(bytes);
    expect(decoded.width).toBe(37);
    expect(decoded.height).toBe(11);
    expect(Buffer.from(decoded.data).equals(Buffer.from(image.data))).toBe(true);
    const photo = decodeImage(bothPng);
    expect(Buffer.from(decodeImage(encodePng(photo)).data).equals(Buffer.from(photo.data))).toBe(true);
  });

  it('round-trips JPEG within a tolerance', () => {
    const photo = decodeImage(bothPng);
    const bytes = encodeJpeg(photo, 95);
    expect(readImageHeader(bytes)).toEqual({ format: 'jpeg', width: 224, height: 224 });
    const decoded = decodeImage(bytes);
    expect(decoded.width).toBe(224);
    expect(decoded.height).toBe(224);
    let sumSquares = 0;
    for (let i = 0; i < photo.data.length; i++) {
      if (i % 4 === 3) {
        expect(decoded.data[i]).toBe(255);
        continue;
      }
      sumSquares += (decoded.data[i]! - photo.data[i]!) ** 2;
    }
    const rmse = Math.sqrt(sumSquares / (224 * 224 * 3));
    expect(rmse).toBeLessThan(4);
    // Lower quality, smaller file, larger error.
    expect(encodeJpeg(photo, 30).length).toBeLessThan(bytes.length);
  });

  it('expands gray PNGs to RGBA', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data = Buffer.from([10, 10, 10, 255, 200, 200, 200, 255]);
    const gray = PNG.sync.write(png, { colorType: 0 });
    const image = decodeImage(new Uint8Array(gray));
    expect([...image.data]).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
  });

  it('refuses unknown formats with the supported list', () => {
    const error = thrown(() => decodeImage(new TextEncoder().encode('GIF89a.....')));
    expect(UnsupportedImageFormatError.isInstance(error)).toBe(true);
    expect((error as UnsupportedImageFormatError).supported).toEqual(['png', 'jpeg']);
    expect((error as Error).message).toMatch(/Supported formats: png, jpeg\./);
    expect(thrown(() => decodeImage(new Uint8Array(0)))).toBeInstanceOf(UnsupportedImageFormatError);
  });

  it('gives a typed error, not a crash, for truncated or corrupt data', () => {
    const png = encodePng(gradient(40, 30));
    const jpeg = encodeJpeg(gradient(40, 30));
    const cases: [string, Uint8Array][] = [
      ['png signature only', png.subarray(0, 8)],
      ['png inside IHDR', png.subarray(0, 20)],
      ['png half', png.subarray(0, png.length >> 1)],
      ['png without IEND', png.subarray(0, png.length - 12)],
      ['jpeg SOI only', jpeg.subarray(0, 3)],
      ['jpeg before SOF', jpeg.subarray(0, 10)],
      ['jpeg half', jpeg.subarray(0, jpeg.length >> 1)],
    ];
    const corruptPng = png.slice();
    corruptPng.fill(0x55, 40, 60); // inside IDAT: CRC and zlib data broken
    cases.push(['png corrupt', corruptPng]);
    const corruptJpeg = jpeg.slice();
    corruptJpeg.fill(0xff, 2, 30);
    cases.push(['jpeg corrupt', corruptJpeg]);
    for (const [name, bytes] of cases) {
      const error = thrown(() => decodeImage(bytes));
      expect(ImageDecodeError.isInstance(error), `${name}: ${String(error)}`).toBe(true);
      expect(VizError.isInstance(error)).toBe(true);
    }
  });

  it('refuses too-large header dimensions before decoding pixels', () => {
    // A 24-byte PNG header claiming 100000 x 100000: refused from the header alone.
    const header = encodePng(gradient(2, 2)).slice(0, 24);
    new DataView(header.buffer).setUint32(16, 100_000);
    new DataView(header.buffer).setUint32(20, 100_000);
    const error = thrown(() => decodeImage(header));
    expect(ImageTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'image-too-large',
      width: 100_000,
      height: 100_000,
      maxPixels: 50_000_000,
    });

    // The real photo is 50176 pixels: fine by default, refused under a lower limit.
    expect(thrown(() => decodeImage(bothPng, { maxPixels: 50_000 }))).toBeInstanceOf(ImageTooLargeError);
    expect(decodeImage(bothPng, { maxPixels: 50_176 }).width).toBe(224);

    // A JPEG whose SOF claims 65535 x 65535.
    const jpeg = encodeJpeg(gradient(8, 8));
    const sof = jpeg.findIndex((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc0);
    jpeg.set([0xff, 0xff, 0xff, 0xff], sof + 5);
    expect(readImageHeader(jpeg)).toMatchObject({ width: 65_535, height: 65_535 });
    expect(thrown(() => decodeImage(jpeg))).toBeInstanceOf(ImageTooLargeError);
  });

  it('refuses a zero-sized header', () => {
    const header = encodePng(gradient(2, 2)).slice(0, 24);
    new DataView(header.buffer).setUint32(16, 0);
    expect(thrown(() => decodeImage(header))).toBeInstanceOf(ImageDecodeError);
  });
});
