import type { BackendV1, InputGradientRequest, InputGradientResult } from '../../backend/v1/backend-v1.js';
import { resolveTarget } from '../../target/target-weights.js';
import type { Layout } from '../../tensor.js';
import { seededRandom } from '../../testing/conformance-model.js';

/** Coefficients of a model whose class scores are polynomials of the input, element by element. */
export interface Polynomial {
  /** `[classes][size]` coefficients of `x^3`, `x^2`, `x` per class and element; `bias[classes]`. */
  readonly cubic: readonly Float64Array[];
  readonly quadratic: readonly Float64Array[];
  readonly linear: readonly Float64Array[];
  readonly bias: readonly number[];
}

/**
 * A backend whose scores are `F_k(x) = sum_i cubic[k][i] x_i^3 + quadratic[k][i] x_i^2 + linear[k][i] x_i + bias[k]`
 * for one sample of `shape` (batch axis free): closed forms for every input-space method. Counts its calls.
 */
export function polynomialBackend(
  polynomial: Polynomial,
  shape: readonly [number, number, number],
  layout: Layout = 'nchw',
  maxBatchSize?: number,
): BackendV1 & { calls: number[] } {
  const size = shape[0] * shape[1] * shape[2];
  const classes = polynomial.bias.length;
  const calls: number[] = [];
  const backend: BackendV1 & { calls: number[] } = {
    specificationVersion: 'v1',
    name: 'polynomial',
    input: { shape: [null, shape[0], shape[1], shape[2]], layout },
    numClasses: classes,
    capabilities: {
      gradients: false,
      forward: false,
      headFromActivations: false,
      inputGradients: true,
      ...(maxBatchSize ? { maxBatchSize } : {}),
    },
    calls,
    async listLayers() {
      return [];
    },
    async forwardWithGradient() {
      throw new Error('not used');
    },
    async forwardWithInputGradient(request: InputGradientRequest): Promise<InputGradientResult> {
      const batch = request.input.shape[0];
      if (maxBatchSize && batch > maxBatchSize) throw new Error(`batch ${batch} > ${maxBatchSize}`);
      calls.push(batch);
      const x = request.input.data;
      const scores = new Float32Array(batch * classes);
      for (let n = 0; n < batch; n++) {
        for (let k = 0; k < classes; k++) {
          let sum = polynomial.bias[k]!;
          for (let i = 0; i < size; i++) {
            const v = x[n * size + i]!;
            sum += ((polynomial.cubic[k]![i]! * v + polynomial.quadratic[k]![i]!) * v + polynomial.linear[k]![i]!) * v;
          }
          scores[n * classes + k] = sum;
        }
      }
      const { weights, classIndices } = resolveTarget(request.target, { data: scores, shape: [batch, classes] });
      const gradients = new Float32Array(batch * size);
      for (let n = 0; n < batch; n++) {
        for (let i = 0; i < size; i++) {
          const v = x[n * size + i]!;
          let g = 0;
          for (let k = 0; k < classes; k++) {
            g +=
              weights[n * classes + k]! *
              ((3 * polynomial.cubic[k]![i]! * v + 2 * polynomial.quadratic[k]![i]!) * v + polynomial.linear[k]![i]!);
          }
          gradients[n * size + i] = g;
        }
      }
      return {
        scores: { data: scores, shape: [batch, classes] },
        gradients: { data: gradients, shape: request.input.shape, layout: request.input.layout },
        classIndices,
      };
    },
  };
  return backend;
}

/** Deterministic coefficients in `[-1, 1)` (a 32-bit LCG). */
export function randomPolynomial(
  classes: number,
  size: number,
  seed: number,
  terms: { cubic?: boolean; quadratic?: boolean; linear?: boolean } = { cubic: true, quadratic: true, linear: true },
): Polynomial {
  const random = seededRandom(seed);
  const rows = (on: boolean | undefined) =>
    Array.from({ length: classes }, () => Float64Array.from({ length: size }, () => (on ? random() : 0)));
  return {
    cubic: rows(terms.cubic),
    quadratic: rows(terms.quadratic),
    linear: rows(terms.linear),
    bias: Array.from({ length: classes }, () => random()),
  };
}
