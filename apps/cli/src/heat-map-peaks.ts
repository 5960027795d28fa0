import type { Detection, OutputTensor } from '@gradcam/core';

/** Options of {@link heatMapPeaks}. */
export interface HeatMapPeaksOptions {
  /** Keep peaks scoring at least this (`--min-score`). */
  readonly minScore: number;
  /** Keep at most this many, the highest-scoring (`--max-detections`). */
  readonly maxDetections: number;
}

/**
 * The detections of a heat-map detector without a post-processed detections output: the local maxima of its
 * centre heat maps (`[N, classes, H, W]`, NCHW, sample 0), as CenterNet's decoding takes them (a cell that is the
 * largest of its 3x3 neighbourhood in its class's map). Each box is the peak cell's extent, normalised to 0..1.
 *
 * @returns the peaks scoring at least `minScore`, highest first (ties in cell order), at most `maxDetections`.
 */
export function heatMapPeaks(heatMap: OutputTensor, options: HeatMapPeaksOptions): Detection[] {
  const [, classes, height, width] = heatMap.shape as [number, number, number, number];
  const value = (c: number, y: number, x: number) => heatMap.data[(c * height + y) * width + x]!;
  const found: Detection[] = [];
  for (let c = 0; c < classes; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const score = value(c, y, x);
        if (!(score >= options.minScore)) continue;
        let peak = true;
        for (let dy = -1; dy <= 1 && peak; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const [ny, nx] = [y + dy, x + dx];
            if (ny < 0 || ny >= height || nx < 0 || nx >= width || (dy === 0 && dx === 0)) continue;
            if (value(c, ny, nx) > score) {
              peak = false;
              break;
            }
          }
        }
        if (!peak) continue;
        found.push({
          classIndex: c,
          score,
          box: [x / width, y / height, (x + 1) / width, (y + 1) / height],
          cell: { y, x },
        });
      }
    }
  }
  // Array.prototype.sort is stable: equal scores keep their class-then-cell order.
  found.sort((a, b) => b.score - a.score);
  return found.slice(0, options.maxDetections);
}
