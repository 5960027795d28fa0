import type { MethodMetrics } from './faithfulness.js';
import type { PhaseTiming } from './phase-progress.js';
import type { StudyRuntime } from './study-model.js';

/** One image shown with its maps (paths relative to the report). */
export interface ShownImage {
  /** The test file, relative to the split folder (`<class>/<name>.jpg`). */
  readonly file: string;
  /** The enlarged image. */
  readonly image: string;
  /** The model's probability of the image's (true = predicted) class. */
  readonly probability: number;
  /** Per method, the map for that class over the image. */
  readonly maps: Record<string, string>;
}

/** A misclassified image: the maps for the predicted and for the true class. */
export interface Failure {
  readonly file: string;
  readonly image: string;
  readonly trueClass: string;
  readonly predictedClass: string;
  /** The model's probabilities of the predicted and of the true class. */
  readonly probabilities: { readonly predicted: number; readonly true: number };
  /** Per method, the map for the predicted and for the true class. */
  readonly maps: Record<string, { readonly predicted: string; readonly true: string }>;
}

/** One prediction of the model. */
export interface PredictionRecord {
  readonly file: string;
  readonly trueClass: string;
  readonly predictedClass: string;
  /** Probability of the predicted class. */
  readonly probability: number;
}

/** Everything the study found about one model. */
export interface ModelReport {
  readonly name: string;
  readonly runtime: StudyRuntime;
  /** The model file. */
  readonly path: string;
  /** SHA-256 of the model's bytes. */
  readonly fingerprint: string;
  readonly preprocess: { readonly preset: string; readonly description: string };
  readonly layer: { readonly name: string; readonly shape: readonly number[]; readonly reason: string };
  /** Test images classified. */
  readonly images: number;
  /** Fraction correct, 0..1. */
  readonly accuracy: number;
  /** Per class, the fraction of its images classified correctly. */
  readonly perClass: Record<string, number>;
  /** `confusion[true][predicted]` image counts, classes in {@link StudyReport.classes} order. */
  readonly confusion: number[][];
  /** Every image's prediction, in split order. */
  readonly predictions: PredictionRecord[];
  /** Every misclassified image. */
  readonly failures: Failure[];
  /** Per class, a sample of correctly classified images. */
  readonly gallery: Record<string, ShownImage[]>;
  /** Per class, the correctly classified images the model is most confident about. */
  readonly confident: Record<string, ShownImage[]>;
  /** Per method, the faithfulness metrics on the metrics sample. */
  readonly metrics: Record<string, MethodMetrics>;
  /** Where the time went. */
  readonly timings: PhaseTiming[];
  /** What the maps of some classes show, written after looking at them (for this model's fingerprint). */
  readonly findings: Record<string, string>;
}

/** How the same network's maps compare across runtimes. */
export interface Agreement {
  /** The largest difference of a map value (maps in `[0, 1]`) over every image and method compared. */
  readonly maxAbsDiff: number;
  /** Images compared. */
  readonly images: number;
  /** Largest difference of the scores (logits). */
  readonly maxScoreDiff: number;
  /** Per method, the largest map difference. */
  readonly perMethod: Record<string, number>;
  /** The two models compared. */
  readonly models: readonly [string, string];
  /** The layer explained in each. */
  readonly layers: readonly [string, string];
}

/** `study.json`: every number in the report. */
export interface StudyReport {
  readonly version: 1;
  /** When the report was written (ISO time). */
  readonly createdAt: string;
  readonly data: {
    readonly folder: string;
    readonly split: 'test';
    readonly images: number;
    /** Files that could not be read and were left out. */
    readonly skipped: string[];
  };
  readonly classes: string[];
  readonly options: {
    readonly methods: string[];
    readonly metricsSample: number;
    readonly gallery: number;
    readonly confident: number;
    readonly steps: number;
    readonly seed: number;
  };
  readonly models: ModelReport[];
  /** Cross-runtime agreement of one network exported to ONNX, when it was measured. */
  readonly agreement: Agreement | null;
  /** Every phase's timing, and the whole run's seconds. */
  readonly timings: { readonly totalSeconds: number; readonly phases: PhaseTiming[] };
}
