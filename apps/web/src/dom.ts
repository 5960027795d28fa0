/**
 * The element with this id.
 *
 * @throws `Error` when the page lacks it (a broken `index.html`).
 */
export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page.`);
  return found as T;
}

/** Draws an RGBA image on a canvas, resizing the canvas to it. */
export function drawImage(
  canvas: HTMLCanvasElement,
  image: { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number },
): void {
  canvas.width = image.width;
  canvas.height = image.height;
  canvas
    .getContext('2d')!
    .putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

/** Starts a download of `blob` as `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
