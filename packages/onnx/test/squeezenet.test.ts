import { readFileSync } from 'node:fs';
import { chooseLayer, explain, type HeatMap, type SpatialTensor } from '@gradcam/core';
import { images, labels, models } from '@gradcam/fixtures';
import { decodeImage } from '@gradcam/viz/node';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';

/** both.png as SqueezeNet takes it: BGR, 0..255 minus the Caffe means. */
function bothPng(): SpatialTensor {
  const image = decodeImage(readFileSync(images.both));
  const { width, height } = image;
  const channels = 4;
  const means = [103.939, 116.779, 123.68];
  const data = new Float32Array(3 * height * width);
  for (let pixel = 0; pixel < height * width; pixel++) {
    for (let bgr = 0; bgr < 3; bgr++) {
      data[bgr * height * width + pixel] = image.data[pixel * channels + (2 - bgr)]! - means[bgr]!;
    }
  }
  return { data, shape: [1, 3, height, width], layout: 'nchw' };
}

/** Share of the map's total mass inside a box [x0, x1) x [y0, y1). */
function share(map: HeatMap, [x0, y0, x1, y1]: readonly [number, number, number, number]): number {
  let inside = 0;
  let total = 0;
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      const value = map.data[y * map.width + x]!;
      total += value;
      if (x >= x0 && x < x1 && y >= y0 && y < y1) inside += value;
    }
  }
  return inside / total;
}

const dogBox = [70, 0, 170, 125] as const;
const catBox = [30, 130, 215, 224] as const;

describe('SqueezeNet 1.0, all float16 (opset 7, ends in Softmax)', () => {
  let backend: OnnxBackend;
  const input = bothPng();
  const names = readFileSync(labels.imagenet, 'utf8').trim().split('\n');

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.squeezenetFp16) });
  });
  afterAll(() => backend.dispose());

  it('takes float32, explains the pre-softmax scores, and says so', async () => {
    expect(backend.input).toEqual({ name: 'data_0', shape: [1, 3, 224, 224], layout: 'nchw' });
    expect(backend.numClasses).toBe(1000);
    expect(backend.notes.join(' ')).toMatch(/ends in Softmax.*explaining the scores before it/);
    expect(backend.notes.join(' ')).toMatch(/float16/);
    const layers = await backend.listLayers();
    expect(chooseLayer(layers)?.kind).toBe('Relu');
  });

  it('puts the dog class on the dog and a cat class on the cat', async () => {
    const { scores } = await backend.forward({ input });
    const best = (from: number, to: number) => {
      let index = from;
      for (let k = from; k <= to; k++) if (scores.data[k]! > scores.data[index]!) index = k;
      return index;
    };
    const dog = best(151, 268);
    const cat = best(281, 285);
    const dogMap = (await explain({ backend, input, target: { kind: 'class', index: dog } })).samples[0]!.map;
    const catMap = (await explain({ backend, input, target: { kind: 'class', index: cat } })).samples[0]!.map;
    const shares = {
      dog: { dogBox: share(dogMap, dogBox), catBox: share(dogMap, catBox) },
      cat: { dogBox: share(catMap, dogBox), catBox: share(catMap, catBox) },
    };
    console.info(
      `[squeezenet] dog class ${dog} (${names[dog]?.split(',').slice(1).join(',')}): ${(100 * shares.dog.dogBox).toFixed(1)}% of the map in the dog box, ` +
        `${(100 * shares.dog.catBox).toFixed(1)}% in the cat box; cat class ${cat} (${names[cat]?.split(',').slice(1).join(',')}): ` +
        `${(100 * shares.cat.catBox).toFixed(1)}% in the cat box, ${(100 * shares.cat.dogBox).toFixed(1)}% in the dog box`,
    );
    // The classes and figures in the root README ("Localisation").
    expect(names[dog]).toBe('243,bull mastiff');
    expect(names[cat]).toBe('282,tiger cat');
    // 66% of the bull mastiff map in the dog's box, 45% of the tiger cat map in the cat's box (measured 0.6648
    // and 0.4537; the other box holds 0.166 and 0.370).
    expect(shares.dog.dogBox).toBeCloseTo(0.66, 2);
    expect(shares.cat.catBox).toBeCloseTo(0.45, 2);
    expect(shares.dog.catBox).toBeCloseTo(0.166, 2);
    expect(shares.cat.dogBox).toBeCloseTo(0.37, 2);
    expect(shares.dog.dogBox).toBeGreaterThan(shares.dog.catBox);
    expect(shares.cat.catBox).toBeGreaterThan(shares.cat.dogBox);
  });

  it('runs the head from a float16 layer fed in float32 (Ablation-CAM), without the layers before it', async () => {
    const layer = chooseLayer(await backend.listLayers())!.name;
    const forward = await backend.forward({ input, layers: [layer] });
    const head = await backend.headFromActivations({ layer, activations: forward.activations[layer]! });
    let worst = 0;
    for (let index = 0; index < head.data.length; index++)
      worst = Math.max(worst, Math.abs(head.data[index]! - forward.scores.data[index]!));
    expect(worst).toBeLessThan(1e-2);
    const { samples } = await explain({
      backend,
      input,
      method: 'ablationcam',
      target: { kind: 'class', index: 243 },
    });
    expect(share(samples[0]!.map, dogBox)).toBeGreaterThan(share(samples[0]!.map, catBox));
  });
});
