import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { OutputTensor } from './output-tensor.js';

/** One detection of an object detector, tied to the map cell that scores it. */
export interface Detection {
  /** The detected class (0-based, as the model numbers them). */
  readonly classIndex: number;
  /** The detector's score of the detection. */
  readonly score: number;
  /** `[x0, y0, x1, y1]`, normalised to 0..1 of the model's input (and so of the image it was resized from). */
  readonly box: readonly [number, number, number, number];
  /** The cell of the map output whose value is the detection's score: what `detectionTarget` explains. */
  readonly cell: { readonly y: number; readonly x: number };
}

/** Options of {@link centerNetDetections}. */
export interface CenterNetDetectionsOptions {
  /** The model input's height and width in pixels, the units of the detections' boxes. */
  readonly inputSize: { readonly height: number; readonly width: number };
  /** Keep detections scoring at least this. @default 0.3 */
  readonly minScore?: number;
  /** Keep at most this many, the highest-scoring. @default 10 */
  readonly maxDetections?: number;
  /** Which sample of the batch. @default 0 */
  readonly sample?: number;
}

/**
 * Reads a CenterNet's detections and maps each one back to the cell of the centre heat maps that scores it.
 *
 * CenterNet scores an object by the peak of its class's centre heat map (`keypoints`, `[N, H, W, classes]`,
 * NHWC) and reports it after a top-k as rows `[x0, y0, x1, y1, score, class]` in input pixels (`detections`,
 * `[N, K, 6]`). The top-k is not differentiable, so the detection to explain is its heat-map cell: the cell inside the
 * box whose value of the class equals the detection's score (the peak the top-k took; the box need not be centred
 * on it), the one nearest the box centre on ties.
 *
 * @param keypoints - the centre heat maps, `[N, H, W, classes]`.
 * @param detections - the post-processed detections, `[N, K, 6]`.
 * @returns the detections scoring at least `minScore`, highest first, at most `maxDetections`.
 * @throws {@link ShapeMismatchError} when the outputs do not have these shapes.
 */
export function centerNetDetections(
  keypoints: OutputTensor,
  detections: OutputTensor,
  options: CenterNetDetectionsOptions,
): Detection[] {
  const [batch, height, width, classes] = keypoints.shape as [number, number, number, number];
  if (keypoints.shape.length !== 4 || detections.shape.length !== 3 || detections.shape[2] !== 6) {
    throw new ShapeMismatchError(
      `Expected CenterNet's keypoints [N, H, W, classes] and detections [N, K, 6]; got ` +
        `[${keypoints.shape.join(', ')}] and [${detections.shape.join(', ')}].`,
      { expected: [null, null, 6], actual: [...detections.shape] },
    );
  }
  const sample = options.sample ?? 0;
  const rows = detections.shape[1]!;
  const minScore = options.minScore ?? 0.3;
  const { inputSize } = options;
  const heat = (y: number, x: number, c: number) =>
    keypoints.data[((sample * height + y) * width + x) * classes + c]!;
  const found: Detection[] = [];
  if (sample >= batch) return found;
  for (let row = 0; row < rows; row++) {
    const base = (sample * rows + row) * 6;
    const [x0, y0, x1, y1, score, cls] = Array.from(detections.data.subarray(base, base + 6));
    const classIndex = Math.round(cls!);
    if (!(score! >= minScore) || classIndex < 0 || classIndex >= classes) continue;
    const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, Math.floor(value)));
    const toRow = (value: number) => clamp((value * height) / inputSize.height, height);
    const toColumn = (value: number) => clamp((value * width) / inputSize.width, width);
    const centre = { y: toRow((y0! + y1!) / 2), x: toColumn((x0! + x1!) / 2) };
    let best = { y: centre.y, x: centre.x, error: Number.POSITIVE_INFINITY, distance: 0 };
    for (let y = toRow(Math.min(y0!, y1!)); y <= toRow(Math.max(y0!, y1!)); y++) {
      for (let x = toColumn(Math.min(x0!, x1!)); x <= toColumn(Math.max(x0!, x1!)); x++) {
        const error = Math.abs(heat(y, x, classIndex) - score!);
        const distance = (y - centre.y) ** 2 + (x - centre.x) ** 2;
        if (error < best.error || (error === best.error && distance < best.distance)) {
          best = { y, x, error, distance };
        }
      }
    }
    const unit = (value: number, size: number) => Math.min(1, Math.max(0, value / size));
    found.push({
      classIndex,
      score: score!,
      box: [
        unit(x0!, inputSize.width),
        unit(y0!, inputSize.height),
        unit(x1!, inputSize.width),
        unit(y1!, inputSize.height),
      ],
      cell: { y: best.y, x: best.x },
    });
  }
  found.sort((a, b) => b.score - a.score);
  return found.slice(0, options.maxDetections ?? 10);
}
