import { describeConformance } from '@gradcam/core/testing';
import { describe, it } from 'vitest';
import { conformanceGraphModel } from './__fixtures__/conformance-graph-model.js';
import { conformanceLayersModel } from './__fixtures__/conformance-layers-model.js';
import { type TestBackend, useBackend } from './__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from './create-tfjs-backend.js';

for (const name of ['cpu', 'wasm'] as TestBackend[]) {
  describeConformance({ describe, it }, `@gradcam/tfjs LayersModel on ${name}`, {
    load: async (model) => {
      await useBackend(name);
      const backend = await createTfjsBackend(conformanceLayersModel(model));
      return { backend, layers: { conv: 'conv', relu: 'relu' } };
    },
  });

  describeConformance({ describe, it }, `@gradcam/tfjs GraphModel on ${name}`, {
    load: async (model) => {
      await useBackend(name);
      const backend = await createTfjsBackend(await conformanceGraphModel(model));
      return { backend, layers: { conv: 'conv', relu: 'relu' } };
    },
  });
}
