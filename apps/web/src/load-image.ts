/** An image as the page keeps it: for the model, and for display. */
export interface LoadedImage {
  /** A name for file names and messages. */
  readonly name: string;
  /** The pixels the model sees (resized by `imageToInput`): the original, shrunk to at most {@link maxSourceSide}. */
  readonly source: ImageData;
  /** The pixels shown: the original scaled so that its longer side is between 224 and 640 pixels. */
  readonly display: ImageData;
}

/** The longest side kept for the model's input (larger photos are shrunk first). */
export const maxSourceSide = 1024;
const minDisplaySide = 224;
const maxDisplaySide = 640;

async function pixels(source: ImageBitmapSource, width: number, height: number): Promise<ImageData> {
  const bitmap = await createImageBitmap(source, {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'high',
  });
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, width, height);
}

function scaled(width: number, height: number, scale: number): [number, number] {
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/**
 * Decodes an image file or blob.
 *
 * @throws `Error` with a readable message when the browser cannot decode it.
 */
export async function loadImage(blob: Blob, name: string): Promise<LoadedImage> {
  let probe: ImageBitmap;
  try {
    probe = await createImageBitmap(blob);
  } catch {
    throw new Error(`"${name}" is not an image this browser can decode (PNG, JPEG, WebP, GIF, ...).`);
  }
  const { width, height } = probe;
  probe.close();
  const longer = Math.max(width, height);
  const source = await pixels(blob, ...scaled(width, height, Math.min(1, maxSourceSide / longer)));
  const displayScale = Math.min(maxDisplaySide, Math.max(minDisplaySide, longer)) / longer;
  const display = await pixels(blob, ...scaled(width, height, displayScale));
  return { name, source, display };
}
