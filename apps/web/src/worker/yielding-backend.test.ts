import { describeConformance, referenceBackend } from '@gradcam/core/testing';
import { describe, it } from 'vitest';
import { yieldingBackend } from './yielding-backend.js';

// The wrapper keeps every capability of the backend it wraps, input gradients included.
describeConformance({ describe, it }, 'yieldingBackend over the reference backend', {
  load: async (model) => ({
    backend: yieldingBackend(referenceBackend(model, { layout: 'nhwc' })),
    layers: { conv: 'conv', relu: 'relu' },
  }),
});
