import { describe, expect, it } from 'vitest';
import { conformanceInput, conformanceModel } from './conformance-model.js';
import { inputGradientFiniteDifferences } from './input-gradient-finite-differences.js';
import { referenceBackend } from './reference-backend.js';

describe('inputGradientFiniteDifferences', () => {
  const model = conformanceModel();

  for (const layout of ['nchw', 'nhwc'] as const) {
    it(`confirms the closed-form input gradient of the conformance model (${layout})`, async () => {
      const backend = referenceBackend(model, { layout });
      for (const target of [{ kind: 'top' } as const, { kind: 'weights', weights: [1, -2, 0.5] } as const]) {
        const report = await inputGradientFiniteDifferences(
          backend,
          conformanceInput(model, 1, layout, 9),
          target,
          {
            eps: 1e-2,
            count: 40,
          },
        );
        expect(report.checked).toBeGreaterThan(15);
        expect(report.maxRelativeError).toBeLessThan(5e-3);
        expect(report.directional.relativeError).toBeLessThan(1e-3);
      }
    });
  }

  it('catches a gradient that is 2% off', async () => {
    const backend = referenceBackend(model, { layout: 'nchw', gradientScale: 1.02 });
    const report = await inputGradientFiniteDifferences(
      backend,
      conformanceInput(model, 1, 'nchw', 9),
      {
        kind: 'top',
      },
      { eps: 1e-2 },
    );
    expect(report.maxRelativeError).toBeGreaterThan(0.015);
    expect(report.directional.relativeError).toBeGreaterThan(0.015);
  });
});
