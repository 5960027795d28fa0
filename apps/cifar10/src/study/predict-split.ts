import { softmax } from '@gradcam/core';
import type { Split } from '../data/dataset.js';
import { inputBatch } from './image-input.js';
import type { Predictions } from './image-selection.js';
import type { Phase } from './phase-progress.js';
import type { ResultCache } from './result-cache.js';
import type { StudyModel } from './study-model.js';

/** Images per forward call. */
const BATCH = 256;

/**
 * Runs the model on every image of the split, in batches (cached on disk as a whole), and returns each image's
 * softmax probabilities and predicted class (the highest score; ties: the lower class).
 */
export async function predictSplit(
  model: StudyModel,
  split: Split,
  cache: ResultCache,
  phase?: Phase,
): Promise<Predictions> {
  const classes = 10;
  const key = ['logits/v1', model.fingerprint, model.preprocessName, split.files.join(',')].join('|');
  let logits = cache.readFloats(key);
  if (logits) phase?.advance(split.count, true);
  else {
    logits = new Float32Array(split.count * classes);
    for (let start = 0; start < split.count; start += BATCH) {
      const indices = Array.from({ length: Math.min(BATCH, split.count - start) }, (_, row) => start + row);
      const { scores } = await model.backend.forward!({ input: inputBatch(split, indices, model) });
      logits.set(scores.data, start * classes);
      phase?.advance(indices.length);
    }
    cache.writeFloats(key, logits);
  }
  const probabilities = new Float32Array(split.count * classes);
  const predicted = new Uint8Array(split.count);
  for (let index = 0; index < split.count; index++) {
    const row = logits.subarray(index * classes, (index + 1) * classes);
    probabilities.set(softmax(row), index * classes);
    let best = 0;
    for (let k = 1; k < classes; k++) if (row[k]! > row[best]!) best = k;
    predicted[index] = best;
  }
  return { labels: split.labels, predicted, probabilities, classes };
}
