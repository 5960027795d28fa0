import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/v1/backend-v1.js';
import type { CamContext } from './cam-method.js';
import { createRandomCam } from './random-cam.js';

const context = {
  backend: {} as Backend,
  input: { data: new Float32Array(0), shape: [2, 3, 8, 8], layout: 'nchw' },
  layer: 'layer',
  scores: { data: new Float32Array(6), shape: [2, 3] },
  activations: { data: new Float32Array(2 * 2000 * 4), shape: [2, 2000, 2, 2], layout: 'nchw' },
  targetWeights: new Float32Array(6),
} as const satisfies CamContext;

describe('randomcam', () => {
  it('draws uniform weights in [-1, 1), reproducibly per seed', async () => {
    const weights = async (seed?: number) => {
      const output = await createRandomCam(seed === undefined ? {} : { seed }).compute(context);
      if (output.kind !== 'channel-weights') throw new Error('expected channel weights');
      return output.weights;
    };
    const first = await weights();
    expect(first).toHaveLength(4000);
    expect(await weights(0)).toEqual(first);
    expect(await weights(1)).not.toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...first)).toBeLessThan(1);
    // Uniform on [-1, 1): mean 0 and variance 1/3; with 4,000 draws the standard errors are 0.009 and 0.0047.
    const mean = first.reduce((a, b) => a + b, 0) / first.length;
    const variance = first.reduce((a, b) => a + (b - mean) ** 2, 0) / first.length;
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(variance - 1 / 3)).toBeLessThan(0.02);
  });
});
