import { describe, expect, it } from 'vitest';
import { CapabilityNotSupportedError } from './capability-not-supported-error.js';
import { GradcamError } from './gradcam-error.js';
import { GradientNotSupportedError } from './gradient-not-supported-error.js';
import { UnknownLayerError } from './unknown-layer-error.js';

describe('errors', () => {
  it('tell the user what exists and what to do', () => {
    const unknown = new UnknownLayerError('conv9', ['conv1', 'conv2']);
    expect(unknown.message).toBe('Unknown layer "conv9". Layers you can use: conv1, conv2.');
    expect(new GradientNotSupportedError('TopK', 'node_7').message).toMatch(/gradient-free method/);
    expect(new CapabilityNotSupportedError('forward', 'mine').message).toBe(
      'Backend "mine" does not support \'forward\'.',
    );
  });
  it('are recognised across copies of the package by their marker, and by code', () => {
    const error = new UnknownLayerError('x', []);
    expect(GradcamError.isInstance(error)).toBe(true);
    expect(UnknownLayerError.isInstance(error)).toBe(true);
    expect(CapabilityNotSupportedError.isInstance(error)).toBe(false);
    const foreign = { [Symbol.for('gradcam.error')]: true, code: 'unknown-layer' };
    expect(UnknownLayerError.isInstance(foreign)).toBe(true);
    expect(GradcamError.isInstance(new Error('plain'))).toBe(false);
  });
});
