/** Accuracy, per-class accuracy and the confusion matrix of a set of predictions. */
export interface Classification {
  /** Images counted. */
  readonly count: number;
  /** Fraction correct, 0..1. */
  readonly accuracy: number;
  /** Per class index, the fraction of its images predicted correctly (0 for a class without images). */
  readonly perClass: number[];
  /** `confusion[true][predicted]`: image counts. */
  readonly confusion: number[][];
}

/**
 * Counts predictions against labels.
 *
 * @param labels - per image, the true class index.
 * @param predicted - per image, the predicted class index.
 * @param classes - number of classes.
 */
export function classify(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): Classification {
  if (labels.length !== predicted.length) {
    throw new RangeError(`${labels.length} labels but ${predicted.length} predictions`);
  }
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let index = 0; index < labels.length; index++) {
    const truth = labels[index]!;
    const guess = predicted[index]!;
    confusion[truth]![guess]!++;
    if (truth === guess) correct++;
  }
  const perClass = confusion.map((row, truth) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return total === 0 ? 0 : row[truth]! / total;
  });
  return {
    count: labels.length,
    accuracy: labels.length === 0 ? 0 : correct / labels.length,
    perClass,
    confusion,
  };
}
