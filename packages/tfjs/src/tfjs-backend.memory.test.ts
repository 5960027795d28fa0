import { models } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { branchedModel, randomInput } from './__fixtures__/random-models.js';
import { tf, useBackend } from './__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { loadTfjsModel } from './node/load-tfjs-model.js';
import type { TfjsBackend } from './tfjs-backend.js';

/** Runs 200 calls of every kind (and some failing ones) and returns the live tensor counts before and after. */
async function liveTensorsAround200Calls(
  backend: TfjsBackend,
  input: ReturnType<typeof randomInput>,
  lastLayers = Number.POSITIVE_INFINITY,
) {
  const spatial = (await backend.listLayers()).filter((layer) => layer.outputShape.length === 4);
  const layers = spatial.slice(-Math.min(lastLayers, spatial.length)).map((layer) => layer.name);
  // Warm up every layer once (transposed filters are computed once and kept until dispose).
  for (const layer of layers) await backend.forwardWithGradient({ input, layer, target: { kind: 'top' } });
  const before = tf.memory().numTensors;
  for (let call = 0; call < 200; call++) {
    const layer = layers[call % layers.length]!;
    if (call % 10 === 7) {
      await backend.forward({ input, layers: [layer] });
    } else if (call % 10 === 9) {
      await expect(
        backend.forwardWithGradient({ input, layer, target: { kind: 'class', index: 1000 } }),
      ).rejects.toThrow();
    } else {
      const target = call % 2 ? ({ kind: 'class', index: call % 3 } as const) : ({ kind: 'top' } as const);
      await backend.forwardWithGradient({ input, layer, target });
    }
  }
  return { before, after: tf.memory().numTensors, counted: backend.countLiveTensors() };
}

describe('every call frees its tensors: tf.memory().numTensors is unchanged over 200 calls', () => {
  // (On cpu, the conformance suite's leak case covers it.)
  it('LayersModel with branches and a nested model, on wasm', async () => {
    await useBackend('wasm');
    const backend = await createTfjsBackend(branchedModel());
    const { before, after, counted } = await liveTensorsAround200Calls(backend, randomInput([2, 12, 12, 3]));
    expect(after).toBe(before);
    expect(counted).toBe(after);
    await backend.dispose();
  });

  it('GraphModel (emotion, its last 8 nodes) on wasm', async () => {
    await useBackend('wasm');
    const backend = await createTfjsBackend(await loadTfjsModel(models.emotion));
    const { before, after } = await liveTensorsAround200Calls(backend, randomInput([1, 64, 64, 1]), 8);
    expect(after).toBe(before);
    await backend.dispose();
  });

  it('dispose() frees the model and the kept filters', async () => {
    await useBackend('wasm');
    const start = tf.memory().numTensors;
    const backend = await createTfjsBackend(branchedModel());
    await backend.forwardWithGradient({
      input: randomInput([1, 12, 12, 3]),
      layer: 'stem',
      target: { kind: 'top' },
    });
    await backend.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
