import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { GradcamError } from '../errors/gradcam-error.js';
import { conformanceInput, conformanceModel } from '../testing/conformance-model.js';
import { referenceBackend } from '../testing/reference-backend.js';
import { explain } from './explain.js';

const model = conformanceModel();

function counted() {
  const backend = referenceBackend(model, { layout: 'nchw', maxBatchSize: 2 });
  const calls = { forward: 0, gradient: 0 };
  const forward = backend.forward!.bind(backend);
  const gradient = backend.forwardWithGradient.bind(backend);
  return {
    calls,
    backend: {
      ...backend,
      forward: (request: Parameters<typeof forward>[0]) => {
        calls.forward++;
        return forward(request);
      },
      forwardWithGradient: (request: Parameters<typeof gradient>[0]) => {
        calls.gradient++;
        return gradient(request);
      },
    },
    live: () => backend.countLiveTensors?.() ?? 0,
  };
}

describe('explain with an AbortSignal', () => {
  const input = conformanceInput(model, 1, 'nchw');

  it('rejects before any backend pass when the signal is already aborted, carrying the reason', async () => {
    const { backend, calls } = counted();
    const reason = new Error('user closed the page');
    const promise = explain({ backend, input, signal: AbortSignal.abort(reason) });
    await expect(promise).rejects.toBeInstanceOf(AbortError);
    const error = await promise.catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(GradcamError.isInstance(error)).toBe(true);
    expect((error as AbortError).code).toBe('aborted');
    expect((error as AbortError).name).toBe('AbortError');
    expect((error as AbortError).cause).toBe(reason);
    expect((error as AbortError).message).toBe('Cancelled: user closed the page');
    expect(calls).toEqual({ forward: 0, gradient: 0 });
  });

  it('stops Score-CAM between batches when aborted from onProgress, and leaks nothing', async () => {
    const { backend, calls, live } = counted();
    const controller = new AbortController();
    const progress: number[] = [];
    const promise = explain({
      backend,
      input,
      method: 'scorecam',
      methodOptions: { scorecam: { batchSize: 1 } },
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        if (done === 2) controller.abort();
      },
    });
    const error = await promise.catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).message).toBe('Cancelled.');
    // One pass of the input, then two masked batches of one channel each; none after the abort.
    expect(progress).toEqual([1, 2]);
    expect(calls.forward).toBe(3);
    expect(model.channels).toBeGreaterThan(2);
    expect(live()).toBe(0);
  });

  it('stops Ablation-CAM and augmentation smoothing between passes', async () => {
    const controller = new AbortController();
    const ablation = explain({
      backend: counted().backend,
      input,
      method: 'ablationcam',
      methodOptions: { ablationcam: { batchSize: 1 } },
      signal: controller.signal,
      onProgress: () => controller.abort('enough'),
    });
    await expect(ablation).rejects.toThrow('Cancelled: enough');

    const smoothing = counted();
    const later = new AbortController();
    const original = smoothing.backend.forwardWithGradient;
    smoothing.backend.forwardWithGradient = (request) => {
      if (smoothing.calls.gradient === 1) later.abort();
      return original(request);
    };
    await expect(
      explain({ backend: smoothing.backend, input, augSmooth: true, signal: later.signal }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(smoothing.calls.gradient).toBe(2);
  });

  it('stops between chunks of a batch larger than maxBatchSize', async () => {
    const { backend, calls } = counted();
    const controller = new AbortController();
    const original = backend.forwardWithGradient;
    backend.forwardWithGradient = (request) => {
      controller.abort();
      return original(request);
    };
    const batch = conformanceInput(model, 5, 'nchw');
    await expect(explain({ backend, input: batch, signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(calls.gradient).toBe(1);
  });

  it('resolves as before with a signal that is never aborted', async () => {
    const { backend } = counted();
    const plain = await explain({ backend, input, method: 'scorecam' });
    const withSignal = await explain({
      backend,
      input,
      method: 'scorecam',
      signal: new AbortController().signal,
    });
    expect(withSignal.samples[0]!.map.data).toEqual(plain.samples[0]!.map.data);
  });
});
