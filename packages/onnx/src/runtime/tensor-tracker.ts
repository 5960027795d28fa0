import type { OrtModule, OrtTensor } from './ort-module.js';

/**
 * Creates and disposes ONNX Runtime tensors, counting the ones alive (for `countLiveTensors`).
 */
export class TensorTracker {
  private live = 0;

  constructor(private readonly ort: OrtModule) {}

  /** Number of tensors created or received and not yet disposed. */
  get count(): number {
    return this.live;
  }

  /** A float32 tensor over `data` (not copied). */
  float32(data: Float32Array, dims: readonly number[]): OrtTensor {
    const tensor = new this.ort.Tensor('float32', data, dims);
    this.live++;
    return tensor;
  }

  /** Counts tensors a session returned. */
  received(tensors: readonly OrtTensor[]): void {
    this.live += tensors.length;
  }

  /** Disposes tensors created or received through this tracker. */
  dispose(tensors: readonly (OrtTensor | undefined)[]): void {
    for (const tensor of tensors) {
      if (!tensor) continue;
      this.live--;
      try {
        tensor.dispose?.();
      } catch {
        // A tensor that cannot be disposed twice or at all is not worth failing the call for.
      }
    }
  }
}
