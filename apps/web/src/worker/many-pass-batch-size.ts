/**
 * Inputs per pass of Score-CAM and Ablation-CAM: about one 224×224 image's worth of pixels (32 for CIFAR-sized
 * inputs). A pass cannot be interrupted, so this bounds how long a cancel waits (one forward pass of darknet-tiny
 * on wasm) at little cost in speed: larger batches did not run faster per image there.
 */
export function manyPassBatchSize(height: number, width: number): number {
  return Math.max(1, Math.min(32, Math.floor((224 * 224) / (height * width))));
}
