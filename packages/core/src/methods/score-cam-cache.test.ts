import { describe, expect, it } from 'vitest';
import type { Backend, ForwardRequest } from '../backend/v1/backend-v1.js';
import type { SpatialTensor } from '../tensor.js';
import type { CamContext } from './cam-method.js';
import { createScoreCam } from './score-cam.js';
import { createScoreCamCache } from './score-cam-cache.js';

/** Two classes scored as the sum and the first value of each 1x2x2 input; counts the masked inputs it runs. */
function countingBackend() {
  const counter = { inputs: 0 };
  const backend = {
    name: 'counting',
    capabilities: { gradients: false, forward: true, headFromActivations: false },
    async forward({ input }: ForwardRequest) {
      const batch = input.shape[0];
      counter.inputs += batch;
      const data = new Float32Array(batch * 2);
      for (let n = 0; n < batch; n++) {
        const sample = input.data.subarray(n * 4, n * 4 + 4);
        data[n * 2] = sample.reduce((sum, value) => sum + value, 0);
        data[n * 2 + 1] = sample[0]!;
      }
      return { scores: { data, shape: [batch, 2] as [number, number] }, activations: {} };
    },
  } as unknown as Backend;
  return { backend, counter };
}

const input: SpatialTensor = {
  data: Float32Array.of(1, 2, 3, 4, 4, 3, 2, 1),
  shape: [2, 1, 2, 2],
  layout: 'nchw',
};
const activations: SpatialTensor = {
  data: Float32Array.of(1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0),
  shape: [2, 2, 2, 2],
  layout: 'nchw',
};
const context = (backend: Backend, classIndex: number): CamContext => ({
  backend,
  input,
  layer: 'conv',
  scores: { data: new Float32Array(4), shape: [2, 2] },
  activations,
  targetWeights: Float32Array.from({ length: 4 }, (_, index) => (index % 2 === classIndex ? 1 : 0)),
});

describe('createScoreCamCache', () => {
  it('runs the masked inputs once for several classes and gives the weights an uncached run gives', async () => {
    const { backend, counter } = countingBackend();
    const cache = createScoreCamCache();
    const cached = createScoreCam({ cache });
    const first = await cached.compute(context(backend, 0));
    expect(counter.inputs).toBe(4);
    const second = await cached.compute(context(backend, 1));
    expect(counter.inputs).toBe(4);
    expect(cache.hits).toBe(4);
    expect(cache.misses).toBe(4);

    const plain = createScoreCam();
    const expectedFirst = await plain.compute(context(backend, 0));
    const expectedSecond = await plain.compute(context(backend, 1));
    expect(first).toEqual(expectedFirst);
    expect(second).toEqual(expectedSecond);
    // Class 1 scores the first value: sample 0 masked by channel 0 keeps it (1), by channel 1 zeroes it.
    if (second.kind !== 'channel-weights') throw new Error('expected channel weights');
    const e = Math.exp(1);
    expect(second.weights[0]).toBeCloseTo(e / (e + 1), 6);
  });

  it('keeps samples, layers and backends apart', async () => {
    const { backend, counter } = countingBackend();
    const cache = createScoreCamCache();
    const method = createScoreCam({ cache });
    await method.compute(context(backend, 0));
    await method.compute({ ...context(backend, 0), layer: 'other' });
    expect(counter.inputs).toBe(8);
    const { backend: another, counter: anotherCounter } = countingBackend();
    await method.compute(context(another, 0));
    expect(anotherCounter.inputs).toBe(4);
    // A copy of the input is another buffer: nothing is reused.
    await method.compute({ ...context(backend, 0), input: { ...input, data: input.data.slice() } });
    expect(counter.inputs).toBe(12);
  });
});
