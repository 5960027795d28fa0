import { type BackendV1, CapabilityNotSupportedError, type ForwardRequest, type ForwardResult, type Layout, validateInput } from '@gradcam/core';

/** Options of {@link halvesBackend}. */
export interface HalvesBackendOptions {
  /** @default 'nchw' */
  readonly layout?: Layout;
  /** @default 1 */
  readonly channels?: number;
  /** @default 2 */
  readonly height?: number;
  /** @default 4 */
  readonly width?: number;
  /** Offer `forward`. @default true */
  readonly forward?: boolean;
  /** `capabilities.maxBatchSize`; calls with more samples reject. @default none */
  readonly maxBatchSize?: number;
}

/** A {@link halvesBackend}: a Backend v1 that records the batch size of every `forward` call. */
export interface HalvesBackend extends BackendV1 {
  /** Batch size of each `forward` call, in order. */
  readonly calls: number[];
}

/**
 * A two-class model whose logits are a closed form of the input, for hand-computed metric values:
 * `logit 0 = sum of every value in the left half (columns x < width / 2)`, `logit 1 = sum in the right half`,
 * over all rows and channels. Forward only (no gradients).
 */
export function halvesBackend(options: HalvesBackendOptions = {}): HalvesBackend {
  const { layout = 'nchw', channels = 1, height = 2, width = 4, forward = true, maxBatchSize } = options;
  const calls: number[] = [];
  const backend: HalvesBackend = {
    specificationVersion: 'v1',
    name: 'halves',
    input: {
      shape: layout === 'nchw' ? [null, channels, height, width] : [null, height, width, channels],
      layout,
    },
    numClasses: 2,
    capabilities: {
      gradients: false,
      forward,
      headFromActivations: false,
      ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
    },
    calls,
    async listLayers() {
      return [];
    },
    async forwardWithGradient() {
      throw new CapabilityNotSupportedError('gradients', 'halves');
    },
  };
  if (forward) {
    backend.forward = async (request: ForwardRequest): Promise<ForwardResult> => {
      validateInput(backend, request.input);
      const batch = request.input.shape[0];
      if (maxBatchSize !== undefined && batch > maxBatchSize) {
        throw new RangeError(`halves: batch ${batch} exceeds maxBatchSize ${maxBatchSize}.`);
      }
      calls.push(batch);
      await Promise.resolve();
      const data = request.input.data;
      const size = channels * height * width;
      const scores = new Float32Array(batch * 2);
      for (let n = 0; n < batch; n++) {
        const sums = [0, 0];
        for (let index = 0; index < size; index++) {
          // Column of element `index` of the sample in this layout.
          const x = layout === 'nchw' ? index % width : Math.floor(index / channels) % width;
          sums[x < width / 2 ? 0 : 1]! += data[n * size + index]!;
        }
        scores[n * 2] = sums[0]!;
        scores[n * 2 + 1] = sums[1]!;
      }
      return { scores: { data: scores, shape: [batch, 2] }, activations: {} };
    };
  }
  return backend;
}
