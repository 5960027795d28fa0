import { chooseLayer, classTarget, explain, type GradientResult } from '@gradcam/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bothImageInput,
  catBox,
  darknetLabels,
  dogBox,
  loadDarknetTiny,
  massShare,
} from './__fixtures__/darknet.js';
import { useBackend } from './__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { TfjsBackend } from './tfjs-backend.js';

const dogs = new Set(['bull mastiff', 'boxer', 'French bulldog', 'pug', 'Great Dane', 'Tibetan mastiff']);
const cats = new Set(['tabby', 'tiger cat', 'Egyptian cat']);

describe('darknet-tiny on both.png (a bulldog above a tabby)', () => {
  let backend: TfjsBackend;
  const input = bothImageInput();
  let dog: number;
  let cat: number;

  beforeAll(async () => {
    await useBackend('wasm');
    backend = await createTfjsBackend(await loadDarknetTiny());
    const { scores } = await backend.forward({ input });
    const ranked = [...scores.data.keys()].sort((a, b) => scores.data[b]! - scores.data[a]!).slice(0, 10);
    dog = ranked.find((index) => dogs.has(darknetLabels[index]!)) ?? -1;
    cat = ranked.find((index) => cats.has(darknetLabels[index]!)) ?? -1;
  });

  it('finds a dog breed and a cat among the top-10 classes; the automatic layer is the last convolution', async () => {
    // The classes the root README's localisation figures are for.
    expect(darknetLabels[dog]).toBe('bull mastiff');
    expect(darknetLabels[cat]).toBe('tiger cat');
    const layers = await backend.listLayers();
    expect(chooseLayer(layers)).toEqual({
      name: 'conv2d_16',
      kind: 'Conv2D',
      outputShape: [null, 14, 14, 1000],
      layout: 'nhwc',
    });
    expect(backend.notes).toEqual([]);
  });

  it('puts most of the dog map on the dog and most of the cat map on the cat', async () => {
    const shares: Record<string, { dogBox: number; catBox: number }> = {};
    for (const [animal, index] of [
      ['dog', dog],
      ['cat', cat],
    ] as const) {
      const { samples, layers } = await explain({ backend, input, target: classTarget(index) });
      expect(layers).toEqual(['conv2d_16']);
      const { map } = samples[0]!;
      shares[`${animal} (${darknetLabels[index]})`] = {
        dogBox: massShare(map, dogBox),
        catBox: massShare(map, catBox),
      };
    }
    console.info('darknet-tiny Grad-CAM mass shares', shares);
    const [dogMap, catMap] = Object.values(shares) as [
      { dogBox: number; catBox: number },
      { dogBox: number; catBox: number },
    ];
    // The figures in the root README ("Localisation"): 80% of the bull mastiff map in the dog's box, 56% of the
    // tiger cat map in the cat's box (measured 0.7997 and 0.5596; the other box holds 0.155 and 0.286).
    expect(dogMap.dogBox).toBeCloseTo(0.8, 2);
    expect(catMap.catBox).toBeCloseTo(0.56, 2);
    expect(dogMap.catBox).toBeCloseTo(0.155, 2);
    expect(catMap.dogBox).toBeCloseTo(0.286, 2);
    expect(dogMap.dogBox).toBeGreaterThan(dogMap.catBox);
    expect(catMap.catBox).toBeGreaterThan(catMap.dogBox);
  });

  it('gives the same maps and gradients on cpu and wasm, at the last convolution and before a max-pool', async () => {
    const runs: Record<string, { map: Float32Array; gradients: Float32Array }[]> = {};
    // One backend pass per run: explain() goes through a wrapper that keeps the gradient it returns.
    let last: GradientResult | undefined;
    const recording: TfjsBackend = {
      ...backend,
      forwardWithGradient: async (request) => {
        last = await backend.forwardWithGradient(request);
        return last;
      },
    };
    for (const name of ['wasm', 'cpu'] as const) {
      await useBackend(name);
      for (const layer of ['conv2d_16', 'leaky_re_lu_10']) {
        const { samples } = await explain({ backend: recording, input, layer, target: classTarget(dog) });
        (runs[layer] ??= []).push({ map: samples[0]!.map.data, gradients: last!.gradients.data });
      }
    }
    await useBackend('wasm');
    const differences: Record<string, { map: number; gradientRelative: number }> = {};
    for (const [layer, [wasm, cpu]] of Object.entries(runs)) {
      let map = 0;
      let gradient = 0;
      let scale = 0;
      wasm!.map.forEach((value, index) => {
        map = Math.max(map, Math.abs(value - cpu!.map[index]!));
      });
      wasm!.gradients.forEach((value, index) => {
        gradient = Math.max(gradient, Math.abs(value - cpu!.gradients[index]!));
        scale = Math.max(scale, Math.abs(cpu!.gradients[index]!));
      });
      differences[layer] = { map, gradientRelative: gradient / scale };
    }
    console.info('darknet-tiny cpu vs wasm, max differences', differences);
    for (const { map, gradientRelative } of Object.values(differences)) {
      expect(map).toBeLessThan(1e-3);
      expect(gradientRelative).toBeLessThan(1e-3);
    }
  });
});
