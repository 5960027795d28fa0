import { describe, expect, it } from 'vitest';
import { oneCycleLr } from './lr-schedule.js';

describe('oneCycleLr', () => {
  const s = { peak: 0.4, warmup: 0.25, startFraction: 0.1 };
  it('warms up linearly to the peak, then decays linearly to zero', () => {
    expect(oneCycleLr(0, 100, s)).toBeCloseTo(0.04);
    expect(oneCycleLr(25, 100, s)).toBeCloseTo(0.4);
    expect(oneCycleLr(12.5, 100, s)).toBeCloseTo(0.22);
    expect(oneCycleLr(62.5, 100, s)).toBeCloseTo(0.2);
    expect(oneCycleLr(100, 100, s)).toBeCloseTo(0);
    expect(oneCycleLr(150, 100, s)).toBeCloseTo(0);
  });
});
