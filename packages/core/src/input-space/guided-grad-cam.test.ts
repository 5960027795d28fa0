import { readFileSync } from 'node:fs';
import { smallcnnExtraReference } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { toLayout } from '../math/to-layout.js';
import { readNpyFloat32 } from '../npy/read-npy.js';
import type { SpatialTensor } from '../tensor.js';
import { guidedGradCam } from './guided-grad-cam.js';

const extra = (name: string) => readNpyFloat32(readFileSync(smallcnnExtraReference(`${name}.npy`)));

describe('guidedGradCam', () => {
  it("reproduces pytorch-grad-cam's Guided Grad-CAM from its guided backpropagation and Grad-CAM map", () => {
    const guided: SpatialTensor = {
      data: extra('guided_backprop').data,
      shape: [1, 3, 224, 224],
      layout: 'nchw',
    };
    const cam = extra('gradcam_cam');
    const expected = extra('guided_gradcam').data;
    const result = guidedGradCam(guided, [{ data: cam.data, height: 224, width: 224 }]);
    let peak = 0;
    let worst = 0;
    for (let index = 0; index < expected.length; index++) {
      peak = Math.max(peak, Math.abs(expected[index]!));
      worst = Math.max(worst, Math.abs(result.data[index]! - expected[index]!));
    }
    expect(peak).toBeGreaterThan(0);
    expect(worst / peak).toBeLessThan(1e-6);
    const nhwc = guidedGradCam(toLayout(guided, 'nhwc'), [{ data: cam.data, height: 224, width: 224 }]);
    expect(Array.from(toLayout(nhwc, 'nchw').data)).toEqual(Array.from(result.data));
  });

  it('rejects maps of another size or count', () => {
    const guided: SpatialTensor = {
      data: new Float32Array(2 * 3 * 4 * 5),
      shape: [2, 3, 4, 5],
      layout: 'nchw',
    };
    const map = { data: new Float32Array(20), height: 4, width: 5 };
    expect(() => guidedGradCam(guided, [map])).toThrow(ShapeMismatchError);
    expect(() => guidedGradCam(guided, [map, { ...map, width: 4, data: new Float32Array(16) }])).toThrow(
      ShapeMismatchError,
    );
  });
});
