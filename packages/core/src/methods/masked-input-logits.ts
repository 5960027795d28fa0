import { throwIfAborted } from '../errors/abort-error.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { elementIndexer } from '../math/element-indexer.js';
import { resizeBilinearAlignCorners } from '../math/resize-bilinear-align-corners.js';
import { type SpatialTensor, spatialDimensions } from '../tensor.js';
import type { CamContext } from './cam-method.js';

/**
 * Score-CAM's forward passes for sample `n`: for each channel, the channel's activation map is upsampled to the
 * input size (bilinear, aligned corners), min-max normalised (`(m - min) / (max - min + 1e-8)`) and multiplied
 * into the input; the masked inputs run through the backend in batches of `batchSize`. Checks `signal` before
 * each batch and reports each batch's size through `onBatch`.
 *
 * @returns per channel (in the order given), the scores of all classes for the masked input.
 * @throws {@link CapabilityNotSupportedError} when the backend cannot run forward passes.
 */
export async function maskedInputLogits(
  context: CamContext,
  n: number,
  channels: readonly number[],
  batchSize: number,
  onBatch?: (size: number) => void,
): Promise<Float32Array[]> {
  const { backend, input, activations, signal } = context;
  if (!backend.forward) {
    throw new CapabilityNotSupportedError(
      'forward',
      backend.name,
      'Score-CAM runs the model on masked inputs.',
    );
  }
  const dims = spatialDimensions(activations.shape, activations.layout);
  const inputDims = spatialDimensions(input.shape, input.layout);
  const inputArea = inputDims.height * inputDims.width;
  const sampleSize = inputArea * inputDims.channels;
  const classes = context.scores.shape[1];
  const at = elementIndexer(activations);
  const inputAt = elementIndexer(input);
  const rows: Float32Array[] = [];
  for (let start = 0; start < channels.length; start += batchSize) {
    throwIfAborted(signal);
    const chunk = channels.slice(start, start + batchSize);
    const data = new Float32Array(chunk.length * sampleSize);
    chunk.forEach((channel, row) => {
      const plane = new Float32Array(dims.height * dims.width);
      for (let pixel = 0; pixel < plane.length; pixel++)
        plane[pixel] = activations.data[at(n, channel, pixel)]!;
      const mask = resizeBilinearAlignCorners(
        { data: plane, height: dims.height, width: dims.width },
        inputDims.height,
        inputDims.width,
      ).data;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const value of mask) {
        if (value < min) min = value;
        if (value > max) max = value;
      }
      const range = max - min + 1e-8;
      for (let pixel = 0; pixel < inputArea; pixel++) {
        const m = (mask[pixel]! - min) / range;
        for (let c = 0; c < inputDims.channels; c++) {
          const index = inputAt(n, c, pixel);
          data[row * sampleSize + (index - n * sampleSize)] = input.data[index]! * m;
        }
      }
    });
    const shape = [chunk.length, ...input.shape.slice(1)] as unknown as SpatialTensor['shape'];
    const result = await backend.forward({ input: { data, shape, layout: input.layout } });
    chunk.forEach((_, row) => {
      rows.push(result.scores.data.slice(row * classes, (row + 1) * classes));
    });
    onBatch?.(chunk.length);
  }
  return rows;
}
