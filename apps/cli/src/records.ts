/** A prediction of the model for one input. */
export interface Prediction {
  /** Class index. */
  readonly index: number;
  /** Label, when the model has labels. */
  readonly label?: string;
  /** Softmax probability over the scores. */
  readonly probability: number;
  /** The raw score (pre-softmax when the backend says so). */
  readonly score: number;
}

/** One map written for one input. */
export interface ResultRecord {
  /** The method's name. */
  readonly method: string;
  /** The layer (absent for input-space methods, which use none). */
  readonly layer?: string;
  /** The class explained. */
  readonly classIndex: number;
  /** Its label, when known. */
  readonly label?: string;
  /** The files written. */
  readonly files: {
    overlay?: string;
    heatmap?: string;
    /** Input-space methods: the attributions shown as a gradient image. */
    gradient?: string;
    mapNpy?: string;
    coarseNpy?: string;
    /** Input-space methods: the raw attributions, `[channels, height, width]`. */
    attributionsNpy?: string;
  };
  /** Warnings (e.g. an all-zero map). */
  readonly warnings: readonly string[];
  /** The detection's box, `[x0, y0, x1, y1]` normalised to 0..1 of the image (`--target detection`). */
  readonly box?: readonly [number, number, number, number];
  /** Time of this explanation in ms. */
  readonly timings: { readonly backendMs: number; readonly camMs: number; readonly totalMs: number };
}

/** One detection of `--target detection` and the maps made for it. */
export interface DetectionRecord {
  /** The class's label, when the model has labels. */
  readonly label?: string;
  /** The detected class (the model's numbering). */
  readonly class: number;
  /** The detector's score. */
  readonly score: number;
  /** `[x0, y0, x1, y1]` normalised to 0..1 of the original image. */
  readonly box: readonly number[];
  /** The cell of the explained heat-map output that scores it. */
  readonly cell: { readonly y: number; readonly x: number };
  /** Per method, the files of its map. */
  readonly maps: Record<string, ResultRecord['files']>;
}

/** Everything done for one input file. */
export interface InputRecord {
  /** The input's path. */
  readonly input: string;
  /** A copy of the original image in the output folder (for the gallery). */
  readonly original?: string;
  /** Top-5 predictions. */
  readonly predictions: readonly Prediction[];
  /** `--target detection`: the detections explained. */
  readonly detections?: readonly DetectionRecord[];
  /** One entry per method and class. */
  readonly results: readonly ResultRecord[];
  /** Why this input failed, when it did (the others still run). */
  readonly error?: string;
  /** Time for this input in ms (load, explain, write). */
  readonly totalMs: number;
}
