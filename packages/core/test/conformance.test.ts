import { describe, expect, it } from 'vitest';
import { conformanceCases, describeConformance, runConformance } from '../src/testing/index.js';
import { referenceBackend } from '../src/testing/reference-backend.js';

const layers = { conv: 'conv', relu: 'relu' };

describeConformance({ describe, it }, 'reference backend (nchw)', {
  load: async (model) => ({ backend: referenceBackend(model, { layout: 'nchw' }), layers }),
});

describeConformance({ describe, it }, 'reference backend (nhwc)', {
  load: async (model) => ({ backend: referenceBackend(model, { layout: 'nhwc' }), layers }),
});

describe('the conformance suite itself', () => {
  it('skips by declared capability: a forward-only backend passes the forward cases and skips the gradient ones', async () => {
    const outcomes = await runConformance({
      load: async (model) => ({
        backend: referenceBackend(model, { layout: 'nhwc', gradients: false }),
        layers,
      }),
    });
    const byName = Object.fromEntries(outcomes.map((outcome) => [outcome.name, outcome]));
    expect(outcomes.filter((outcome) => outcome.status === 'failed')).toEqual([]);
    expect(
      byName['a forward-only backend rejects gradient calls with CapabilityNotSupportedError']?.status,
    ).toBe('passed');
    expect(byName['forward() gives the scores and the activations asked for']?.status).toBe('passed');
    const skipped = outcomes.filter((outcome) => outcome.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(8);
    for (const outcome of skipped) expect(outcome.reason).toMatch(/capability: .*gradients/);
  });

  it('skips the optional-method cases for a backend without them', async () => {
    const outcomes = await runConformance({
      load: async (model) => ({
        backend: referenceBackend(model, { layout: 'nchw', optional: false }),
        layers,
      }),
    });
    expect(outcomes.filter((outcome) => outcome.status === 'failed')).toEqual([]);
    const skipped = outcomes
      .filter((outcome) => outcome.status === 'skipped')
      .map((outcome) => outcome.reason);
    expect(skipped).toEqual([
      'backend lacks capability: forward',
      'backend lacks capability: headFromActivations',
      'backend lacks capability: noGradients',
      'backend lacks capability: layerBiases',
      ...Array.from({ length: 5 }, () => 'backend lacks capability: inputGradients'),
    ]);
  });

  it('fails a backend whose gradients are wrong by 1%', async () => {
    const outcomes = await runConformance({
      load: async (model) => ({
        backend: referenceBackend(model, { layout: 'nchw', gradientScale: 1.01 }),
        layers,
      }),
    });
    const failed = outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.name);
    expect(failed).toContain('gradient at the ReLU equals the closed form dense[c,k]/(H*W), top-1 target');
    expect(failed).toContain('explain() gives the closed-form Grad-CAM map');
    expect(failed).toContain('input gradient equals the closed form through the convolution, top-1 target');
  });

  it('fails a backend that ignores `guided` (plain gradients for a guided request)', async () => {
    const outcomes = await runConformance({
      load: async (model) => {
        const backend = referenceBackend(model, { layout: 'nhwc' });
        const plain = backend.forwardWithInputGradient!;
        backend.forwardWithInputGradient = (request) => plain({ ...request, guided: false });
        return { backend, layers };
      },
    });
    const failed = outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.name);
    expect(failed).toEqual([
      'guided input gradient: the ReLU passes only positive gradient where its input is positive',
    ]);
  });

  it('fails a backend that keeps answering after dispose()', async () => {
    const outcomes = await runConformance({
      load: async (model) => {
        const backend = referenceBackend(model, { layout: 'nchw' });
        return { backend: { ...backend, dispose: async () => undefined }, layers };
      },
    });
    const failed = outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.name);
    expect(failed).toEqual([
      'after dispose(), every entry point rejects with BackendDisposedError; dispose() may be called again',
    ]);
  });

  it('has a stable list of cases', () => {
    const names = conformanceCases({ load: async () => Promise.reject(new Error('unused')) }).map(
      (c) => c.name,
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(25);
  });
});
