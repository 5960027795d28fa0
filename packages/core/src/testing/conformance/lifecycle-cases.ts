import { BackendDisposedError } from '../../errors/backend-disposed-error.js';
import { toLayout } from '../../math/to-layout.js';
import type { Target } from '../../target/target.js';
import { check, checkClose, checkRejects } from '../assertions.js';
import { conformanceForward } from '../conformance-model.js';
import type { ConformanceCase } from './conformance-case.js';
import type { SuiteContext } from './suite-context.js';

/** Behaviour over many calls: repeatability, concurrency, buffer ownership, freed tensors. */
export function lifecycleCases(context: SuiteContext): ConformanceCase[] {
  const { model, tolerance, repetitions, inputFor, expectedGradient } = context;
  const { classes } = model;
  return [
    {
      name: 'repeated calls give identical results',
      requires: ['gradients'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 1, 11);
        const first = await backend.forwardWithGradient({
          input,
          layer: layers.relu,
          target: { kind: 'top' },
        });
        for (let call = 1; call < repetitions; call++) {
          const again = await backend.forwardWithGradient({
            input,
            layer: layers.relu,
            target: { kind: 'top' },
          });
          checkClose(again.gradients.data, first.gradients.data, 0, `gradient of call ${call}`);
          checkClose(again.scores.data, first.scores.data, 0, `scores of call ${call}`);
        }
      },
    },
    {
      name: 'concurrent calls on different inputs do not interfere',
      requires: ['gradients'],
      async run(loaded) {
        const { backend, layers } = loaded;
        const inputs = [1, 2, 3, 4].map((seed) => inputFor(backend, 1, 100 + seed));
        const targets: Target[] = [0, 1, 2, 1].map((index) => ({ kind: 'class', index }));
        const results = await Promise.all(
          inputs.map((input, index) =>
            backend.forwardWithGradient({ input, layer: layers.relu, target: targets[index]! }),
          ),
        );
        results.forEach((result, index) => {
          const { forward, gradient } = expectedGradient(
            loaded,
            inputs[index]!,
            targets[index]!,
            false,
            result,
          );
          checkClose(result.scores.data, forward.scores, tolerance, `scores of concurrent call ${index}`);
          checkClose(result.gradients.data, gradient, tolerance, `gradient of concurrent call ${index}`);
        });
      },
    },
    {
      name: 'returns fresh buffers that the caller owns',
      requires: ['gradients'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 1, 21);
        const request = { input, layer: layers.relu, target: { kind: 'top' } as const };
        const first = await backend.forwardWithGradient(request);
        const buffers = [first.scores.data, first.activations.data, first.gradients.data].map(
          (array) => array.buffer,
        );
        check(new Set(buffers).size === 3, 'scores, activations and gradients must not share a buffer.');
        check(
          !buffers.includes(input.data.buffer as ArrayBuffer),
          'results must not share the input buffer.',
        );
        const expected = first.gradients.data.slice();
        first.gradients.data.fill(Number.NaN);
        first.scores.data.fill(Number.NaN);
        const second = await backend.forwardWithGradient(request);
        check(
          ![second.scores.data, second.activations.data, second.gradients.data].some((array) =>
            buffers.includes(array.buffer as ArrayBuffer),
          ),
          'a second call returned a buffer of the first call.',
        );
        checkClose(
          second.gradients.data,
          expected,
          0,
          'gradient after the caller overwrote the previous result',
        );
      },
    },
    {
      name: 'frees every framework tensor, also on errors',
      requires: ['gradients', 'countLiveTensors'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 2, 31);
        await backend.forwardWithGradient({ input, layer: layers.relu, target: { kind: 'top' } });
        const before = backend.countLiveTensors!();
        for (let call = 0; call < repetitions; call++) {
          await backend.forwardWithGradient({
            input,
            layer: layers.relu,
            target: { kind: 'class', index: call % 3 },
          });
        }
        await backend
          .forwardWithGradient({ input, layer: layers.relu, target: { kind: 'class', index: classes } })
          .catch(() => undefined);
        const after = backend.countLiveTensors!();
        check(
          after === before,
          `live tensors grew from ${before} to ${after} over ${repetitions + 1} calls.`,
        );
      },
    },
    {
      name: 'after dispose(), every entry point rejects with BackendDisposedError; dispose() may be called again',
      requires: ['dispose'],
      async run({ backend, layers }) {
        const input = inputFor(backend, 1, 61);
        const listed = (await backend.listLayers()).find((layer) => layer.name === layers.relu);
        const layout = listed?.layout ?? backend.input.layout;
        const activations = toLayout(
          conformanceForward(model, input).relu,
          layout === 'ntc' ? 'nchw' : layout,
        );
        await backend.dispose!();
        await backend.dispose!();
        const disposed = BackendDisposedError.isInstance;
        await checkRejects(backend.listLayers(), disposed, 'listLayers() after dispose()');
        if (backend.capabilities.gradients) {
          await checkRejects(
            backend.forwardWithGradient({ input, layer: layers.relu, target: { kind: 'top' } }),
            disposed,
            'forwardWithGradient() after dispose()',
          );
        }
        if (backend.forward) {
          await checkRejects(backend.forward({ input }), disposed, 'forward() after dispose()');
        }
        if (backend.headFromActivations) {
          await checkRejects(
            backend.headFromActivations({ layer: layers.relu, activations }),
            disposed,
            'headFromActivations() after dispose()',
          );
        }
        if (backend.forwardWithInputGradient) {
          await checkRejects(
            backend.forwardWithInputGradient({ input, target: { kind: 'top' } }),
            disposed,
            'forwardWithInputGradient() after dispose()',
          );
        }
        if (backend.layerBiases) {
          await checkRejects(backend.layerBiases(), disposed, 'layerBiases() after dispose()');
        }
      },
    },
  ];
}
