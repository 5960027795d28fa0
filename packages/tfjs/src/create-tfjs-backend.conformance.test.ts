import { conformanceModel, describeConformance, inputGradientCases } from '@gradcam/core/testing';
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

// A converted GraphModel fuses convolution, bias and ReLU into one `_FusedConv2D` node: the input-gradient cases
// (plain and guided, against the closed form) on it show that the guided ReLU reaches fused ReLUs too (tfjs runs
// fused ops unfused under a gradient tape).
describe('@gradcam/tfjs GraphModel with a _FusedConv2D (BiasAdd, Relu) node on wasm: input gradients', () => {
  const model = conformanceModel();
  for (const testCase of inputGradientCases({ model, tolerance: 1e-4, repetitions: 5 })) {
    it(testCase.name, async () => {
      await useBackend('wasm');
      const backend = await createTfjsBackend(await conformanceGraphModel(model, true));
      try {
        await testCase.run({ backend, layers: { conv: 'relu', relu: 'relu' } });
      } finally {
        await backend.dispose();
      }
    });
  }
});
