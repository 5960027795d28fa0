import { describe, expect, it } from 'vitest';
import { manyPassBatchSize } from './many-pass-batch-size.js';

describe('manyPassBatchSize', () => {
  it('gives about one 224×224 image of pixels per pass, 1 to 32 inputs', () => {
    expect(manyPassBatchSize(224, 224)).toBe(1);
    expect(manyPassBatchSize(32, 32)).toBe(32);
    expect(manyPassBatchSize(64, 64)).toBe(12);
    expect(manyPassBatchSize(1024, 1024)).toBe(1);
  });
});
