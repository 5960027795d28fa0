import { AbortError } from '@gradcam/core';
import { conformanceInput, conformanceModel, referenceBackend } from '@gradcam/core/testing';
import { describe, expect, it } from 'vitest';
import { averageDropAndIncrease } from './average-drop.js';

describe('metrics with an AbortSignal', () => {
  it('reject with AbortError before their first forward call', async () => {
    const model = conformanceModel();
    const backend = referenceBackend(model, { layout: 'nchw', maxBatchSize: 2 });
    let forwardCalls = 0;
    const forward = backend.forward!.bind(backend);
    const counted = {
      ...backend,
      forward: (request: Parameters<typeof forward>[0]) => {
        forwardCalls++;
        return forward(request);
      },
    };
    const data = new Float32Array(model.height * model.width).fill(0.5);
    await expect(
      averageDropAndIncrease({
        backend: counted,
        input: conformanceInput(model, 1, 'nchw'),
        maps: [{ data, height: model.height, width: model.width }],
        signal: AbortSignal.abort(),
      }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(forwardCalls).toBe(0);
  });
});
