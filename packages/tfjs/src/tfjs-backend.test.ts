import {
  BackendDisposedError,
  InvalidModelError,
  requireSpatial,
  ShapeMismatchError,
  toLayout,
  UnknownLayerError,
} from '@gradcam/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { branchedModel, randomInput } from './__fixtures__/random-models.js';
import { useBackend } from './__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { TfjsBackend } from './tfjs-backend.js';

describe('createTfjsBackend', () => {
  it('rejects something that is not a tfjs model with InvalidModelError', async () => {
    await expect(createTfjsBackend({} as never)).rejects.toSatisfy(InvalidModelError.isInstance);
  });

  it('rejects a model with two inputs with InvalidModelError', async () => {
    await useBackend('cpu');
    const a = tfl.input({ shape: [4, 4, 1] });
    const b = tfl.input({ shape: [4, 4, 1] });
    const sum = tfl.layers.add().apply([a, b]) as tfl.SymbolicTensor;
    const flat = tfl.layers.flatten().apply(sum) as tfl.SymbolicTensor;
    const model = tfl.model({
      inputs: [a, b],
      outputs: tfl.layers.dense({ units: 2 }).apply(flat) as tfl.SymbolicTensor,
    });
    await expect(createTfjsBackend(model)).rejects.toThrow(/2 inputs.*one image input/);
  });

  it('is named after the active tfjs backend', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(branchedModel());
    expect(backend.name).toBe('tfjs-cpu');
    await useBackend('wasm');
    expect(backend.name).toBe('tfjs-wasm');
    await backend.dispose();
  });
});

describe('TfjsBackend', () => {
  it('rejects an unknown layer with UnknownLayerError listing the spatial layers', async () => {
    await useBackend('wasm');
    const backend = await createTfjsBackend(branchedModel());
    const call = backend.forwardWithGradient({
      input: randomInput([1, 12, 12, 3]),
      layer: 'nope',
      target: { kind: 'top' },
    });
    await expect(call).rejects.toSatisfy(
      (error: unknown) => UnknownLayerError.isInstance(error) && error.available.includes('block/dw'),
    );
    await expect(call).rejects.toThrow(/Unknown layer "nope".*merge/);
    await backend.dispose();
  });

  it('reports the classes explained: the arg-max for "top", none for a weighting', async () => {
    await useBackend('wasm');
    const backend = await createTfjsBackend(branchedModel());
    const input = randomInput([3, 12, 12, 3], 8);
    const top = await backend.forwardWithGradient({ input, layer: 'last', target: { kind: 'top' } });
    const argMax = [0, 1, 2].map((n) => {
      const row = Array.from(top.scores.data.subarray(n * 5, n * 5 + 5));
      return row.indexOf(Math.max(...row));
    });
    expect(top.classIndices).toEqual(argMax);
    const weighted = await backend.forwardWithGradient({
      input,
      layer: 'last',
      target: { kind: 'weights', weights: [1, 0, 0, 0, -1] },
    });
    expect(weighted.classIndices).toEqual([null, null, null]);
    await backend.dispose();
  });

  it('accepts replacement activations in the other layout and rejects ones of the wrong size', async () => {
    await useBackend('wasm');
    const backend = await createTfjsBackend(branchedModel());
    const input = randomInput([1, 12, 12, 3]);
    const { scores, activations } = await backend.forward({ input, layers: ['merge'] });
    const nchw = toLayout(requireSpatial(activations.merge!, 'activations'), 'nchw');
    const again = await backend.headFromActivations({ layer: 'merge', activations: nchw });
    // The head runs the unfused (gradient-pass) implementations: equal up to float rounding.
    again.data.forEach((value, index) => {
      expect(value).toBeCloseTo(scores.data[index]!, 5);
    });
    const wrong = { ...activations.merge!, data: activations.merge!.data.subarray(1) };
    await expect(backend.headFromActivations({ layer: 'merge', activations: wrong })).rejects.toSatisfy(
      ShapeMismatchError.isInstance,
    );
    await backend.dispose();
  });

  it('rejects every call after dispose()', async () => {
    await useBackend('wasm');
    const backend = await createTfjsBackend(branchedModel());
    await backend.dispose();
    await expect(backend.listLayers()).rejects.toSatisfy(BackendDisposedError.isInstance);
    await expect(
      backend.forwardWithGradient({
        input: randomInput([1, 12, 12, 3]),
        layer: 'merge',
        target: { kind: 'top' },
      }),
    ).rejects.toThrow(/disposed.*createTfjsBackend/);
  });

  it('is released at the end of an `await using` block', async () => {
    await useBackend('wasm');
    const before = (await import('@tensorflow/tfjs-core')).memory().numTensors;
    let escaped: TfjsBackend | undefined;
    {
      await using backend = await createTfjsBackend(branchedModel());
      escaped = backend;
      expect((await backend.listLayers()).length).toBeGreaterThan(0);
    }
    expect(escaped[Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose')]).toBeTypeOf('function');
    await expect(escaped.listLayers()).rejects.toSatisfy(BackendDisposedError.isInstance);
    expect((await import('@tensorflow/tfjs-core')).memory().numTensors).toBe(before);
  });
});
