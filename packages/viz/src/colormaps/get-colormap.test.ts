import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UnknownColormapError } from '../errors/unknown-colormap-error.js';
import { VizError } from '../errors/viz-error.js';
import { type ColormapName, colormapNames, isColormapName } from './colormap-names.js';
import { getColormap } from './get-colormap.js';

/** Whole tables from matplotlib 3.6.3 and OpenCV 4.6.0 (scripts/make-reference.py). */
const reference = JSON.parse(
  readFileSync(new URL('../__fixtures__/reference.json', import.meta.url), 'utf8'),
) as {
  provenance: string;
  tables: Record<string, string>;
};

const entry = (name: ColormapName, index: number) => [
  ...getColormap(name).subarray(index * 3, index * 3 + 3),
];
/** matplotlib's `bytes=True` quantisation: `(lut * 255).astype(np.uint8)` truncates. */
const truncated = (rgb: readonly number[]) => rgb.map((v) => Math.trunc(v * 255));
/** Google's published `turbo_srgb_bytes` and OpenCV's convertTo round. */
const rounded = (rgb: readonly number[]) => rgb.map((v) => Math.round(v * 255));

describe('colormap tables', () => {
  it('lists the built-in names', () => {
    expect(colormapNames).toEqual(['jet', 'turbo', 'viridis', 'inferno', 'magma', 'plasma', 'gray']);
    expect(isColormapName('viridis')).toBe(true);
    expect(isColormapName('parula')).toBe(false);
    for (const name of colormapNames) expect(getColormap(name)).toHaveLength(768);
  });

  it('viridis matches matplotlib _viridis_data at its ends and middle', () => {
    expect(entry('viridis', 0)).toEqual(truncated([0.267004, 0.004874, 0.329415]));
    expect(entry('viridis', 128)).toEqual(truncated([0.127568, 0.566949, 0.550556]));
    expect(entry('viridis', 255)).toEqual(truncated([0.993248, 0.906157, 0.143936]));
    expect(entry('viridis', 0)).toEqual([68, 1, 84]);
    expect(entry('viridis', 128)).toEqual([32, 144, 140]);
    expect(entry('viridis', 255)).toEqual([253, 231, 36]);
  });

  it('inferno, magma and plasma match matplotlib _cm_listed.py at their ends and middle', () => {
    expect(entry('inferno', 0)).toEqual(truncated([0.001462, 0.000466, 0.013866]));
    expect(entry('inferno', 128)).toEqual(truncated([0.735683, 0.215906, 0.330245]));
    expect(entry('inferno', 255)).toEqual(truncated([0.988362, 0.998364, 0.644924]));
    expect(entry('magma', 0)).toEqual(truncated([0.001462, 0.000466, 0.013866]));
    expect(entry('magma', 128)).toEqual(truncated([0.716387, 0.214982, 0.47529]));
    expect(entry('magma', 255)).toEqual(truncated([0.987053, 0.991438, 0.749504]));
    expect(entry('plasma', 0)).toEqual(truncated([0.050383, 0.029803, 0.527975]));
    expect(entry('plasma', 128)).toEqual(truncated([0.798216, 0.280197, 0.469538]));
    expect(entry('plasma', 255)).toEqual(truncated([0.940015, 0.975158, 0.131326]));
    expect(entry('inferno', 255)).toEqual([252, 254, 164]);
    expect(entry('magma', 128)).toEqual([182, 54, 121]);
    expect(entry('plasma', 0)).toEqual([12, 7, 134]);
  });

  it('turbo matches the published table at its ends and middle', () => {
    expect(entry('turbo', 0)).toEqual(rounded([0.18995, 0.07176, 0.23217]));
    expect(entry('turbo', 1)).toEqual(rounded([0.19483, 0.08339, 0.26149]));
    expect(entry('turbo', 128)).toEqual(rounded([0.64362, 0.98999, 0.23356]));
    expect(entry('turbo', 255)).toEqual(rounded([0.4796, 0.01583, 0.01055]));
    // Google's turbo_srgb_bytes begins [[48,18,59],[50,21,67],[51,24,74], ...
    expect([...getColormap('turbo').subarray(0, 9)]).toEqual([48, 18, 59, 50, 21, 67, 51, 24, 74]);
  });

  it("jet matches OpenCV's COLORMAP_JET (as RGB)", () => {
    // cv2.applyColorMap(np.uint8([[0]]), COLORMAP_JET) is BGR (128, 0, 0): RGB (0, 0, 128).
    expect(entry('jet', 0)).toEqual([0, 0, 128]);
    expect(entry('jet', 255)).toEqual([128, 0, 0]);
    // Octave jet(256) key points: blue ramps up to 255 by 32, green from 32 to 96, red from 96 to 160 ...
    expect(entry('jet', 32)).toEqual([0, 0, 255]);
    expect(entry('jet', 63)).toEqual([0, 124, 255]);
    expect(entry('jet', 64)).toEqual([0, 128, 255]);
    expect(entry('jet', 96)).toEqual([2, 255, 254]);
    expect(entry('jet', 127)).toEqual([126, 255, 130]);
    expect(entry('jet', 128)).toEqual([130, 255, 126]);
    expect(entry('jet', 160)).toEqual([255, 252, 0]);
    expect(entry('jet', 192)).toEqual([255, 124, 0]);
    expect(entry('jet', 224)).toEqual([252, 0, 0]);
  });

  it('gray is the identity ramp', () => {
    expect(entry('gray', 0)).toEqual([0, 0, 0]);
    expect(entry('gray', 77)).toEqual([77, 77, 77]);
    expect(entry('gray', 255)).toEqual([255, 255, 255]);
  });

  it(`every table equals the reference implementation byte for byte (${reference.provenance})`, () => {
    // jet, turbo: cv2.applyColorMap on 0..255, flipped to RGB; viridis family: cmap(np.arange(256), bytes=True).
    for (const name of ['jet', 'turbo', 'viridis', 'inferno', 'magma', 'plasma'] as const) {
      expect(Buffer.from(getColormap(name)).toString('hex'), name).toBe(reference.tables[name]);
    }
  });

  it('returns a fresh copy each call', () => {
    const table = getColormap('jet');
    table.fill(7);
    expect(entry('jet', 0)).toEqual([0, 0, 128]);
  });

  it('refuses an unknown name with a typed error listing the available ones', () => {
    let caught: unknown;
    try {
      getColormap('parula' as ColormapName);
    } catch (error) {
      caught = error;
    }
    expect(UnknownColormapError.isInstance(caught)).toBe(true);
    expect(VizError.isInstance(caught)).toBe(true);
    expect(caught).toBeInstanceOf(UnknownColormapError);
    const error = caught as UnknownColormapError;
    expect(error.code).toBe('unknown-colormap');
    expect(error.available).toEqual(colormapNames);
    expect(error.message).toBe(
      'Unknown colormap "parula". Available: jet, turbo, viridis, inferno, magma, plasma, gray.',
    );
  });
});
