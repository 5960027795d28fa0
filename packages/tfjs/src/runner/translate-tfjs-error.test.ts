import { GradientNotSupportedError, UnknownLayerError } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { translateGradientError } from './translate-tfjs-error.js';

describe('translateGradientError', () => {
  it('turns a kernel the backend lacks into GradientNotSupportedError naming it and the layer', () => {
    const error = translateGradientError(
      new Error("Kernel 'Conv3DBackpropFilterV2' not registered for backend 'wasm'"),
      'conv3d',
      'wasm',
    );
    expect(GradientNotSupportedError.isInstance(error)).toBe(true);
    expect((error as GradientNotSupportedError).operation).toBe('Conv3DBackpropFilterV2');
    expect((error as Error).message).toMatch(/"conv3d".*wasm.*cpu or webgl/);
  });

  it('turns a missing gradient function into GradientNotSupportedError', () => {
    const error = translateGradientError(
      new Error('Cannot compute gradient: gradient function not found for NonMaxSuppressionV5.'),
      'boxes',
      'cpu',
    );
    expect((error as GradientNotSupportedError).operation).toBe('NonMaxSuppressionV5');
  });

  it('passes other errors through unchanged', () => {
    const typed = new UnknownLayerError('x', []);
    expect(translateGradientError(typed, 'x', 'cpu')).toBe(typed);
    const other = new Error('out of memory');
    expect(translateGradientError(other, 'x', 'cpu')).toBe(other);
  });
});
