import { describe, expect, it } from 'vitest';
import { drawBox } from './draw-box.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';

describe('drawBox', () => {
  const image = { width: 10, height: 8, data: new Uint8ClampedArray(10 * 8 * 4).fill(7) };
  const red = (out: { data: Uint8ClampedArray }, x: number, y: number) => out.data[(y * 10 + x) * 4] === 255;

  it('paints exactly the outline, lineWidth pixels thick, inside the box', () => {
    // x: 0.2..0.8 of 10 -> columns 2..8; y: 0.25..0.75 of 8 -> rows 2..6.
    const out = drawBox(image, [0.2, 0.25, 0.8, 0.75], { color: [255, 0, 0], lineWidth: 1 });
    const painted: string[] = [];
    for (let y = 0; y < 8; y++) for (let x = 0; x < 10; x++) if (red(out, x, y)) painted.push(`${x},${y}`);
    // Perimeter of a 7x5 rectangle: 2 * 7 + 2 * 3 = 20 pixels.
    expect(painted.length).toBe(20);
    expect(red(out, 2, 2) && red(out, 8, 6) && red(out, 5, 2) && red(out, 2, 4)).toBe(true);
    expect(red(out, 5, 4)).toBe(false);
    expect(image.data[(2 * 10 + 2) * 4]).toBe(7);
    const thick = drawBox(image, [0.2, 0.25, 0.8, 0.75], { color: [255, 0, 0], lineWidth: 2 });
    expect(red(thick, 3, 3)).toBe(true);
    expect(red(thick, 5, 4)).toBe(false);
  });

  it('clamps a box leaving the image and rejects bad arguments', () => {
    const out = drawBox(image, [-1, -1, 2, 2], { color: [255, 0, 0], lineWidth: 1 });
    expect(red(out, 0, 0) && red(out, 9, 7)).toBe(true);
    expect(() => drawBox(image, [0, 0, Number.NaN, 1])).toThrow(InvalidArgumentError);
    expect(() => drawBox(image, [0, 0, 1, 1], { lineWidth: 0 })).toThrow(InvalidArgumentError);
  });
});
