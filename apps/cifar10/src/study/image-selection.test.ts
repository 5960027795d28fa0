import { describe, expect, it } from 'vitest';
import { selectImages } from './image-selection.js';

describe('selectImages', () => {
  // 12 images, 3 classes of 4; images 3 and 7 are misclassified.
  const labels = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
  const predicted = [0, 0, 0, 1, 1, 1, 1, 0, 2, 2, 2, 2];
  const probabilities = new Float32Array(12 * 3);
  labels.forEach((_, index) => {
    probabilities[index * 3 + predicted[index]!] = 0.5 + index / 100;
  });
  const predictions = { labels, predicted, probabilities, classes: 3 };

  it('lists every failure, correct images per class and the most confident first', () => {
    const selection = selectImages(predictions, { gallery: 2, confident: 2, metricsSample: 6, seed: 1 });
    expect(selection.failures).toEqual([3, 7]);
    for (const [truth, gallery] of selection.gallery.entries()) {
      expect(gallery).toHaveLength(2);
      for (const index of gallery) {
        expect(labels[index]).toBe(truth);
        expect(predicted[index]).toBe(truth);
      }
    }
    expect(selection.confident).toEqual([
      [2, 1],
      [6, 5],
      [11, 10],
    ]);
  });

  it('samples every class in proportion, reproducibly from the seed', () => {
    const a = selectImages(predictions, { gallery: 1, confident: 1, metricsSample: 6, seed: 7 });
    const b = selectImages(predictions, { gallery: 1, confident: 1, metricsSample: 6, seed: 7 });
    expect(a.metricsSample).toEqual(b.metricsSample);
    expect(a.metricsSample.map((index) => labels[index])).toEqual([0, 0, 1, 1, 2, 2]);
    const all = selectImages(predictions, { gallery: 1, confident: 1, metricsSample: 100, seed: 7 });
    expect(all.metricsSample).toEqual(labels.map((_, index) => index));
  });
});
