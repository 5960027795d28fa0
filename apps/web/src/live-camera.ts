import { type ColormapName, colorize, type PreprocessSpec } from '@gradcam/viz';
import type { ExplainResult } from './protocol.js';
import type { WorkerClient } from './worker-client.js';

/** What the live mode explains each frame with. */
export interface LiveSettings {
  /** The model's input height and width (frames are scaled to this size before they are sent). */
  readonly size: { readonly height: number; readonly width: number };
  /** The preprocessing. */
  readonly preprocess: PreprocessSpec;
  /** The layer; absent: the automatic choice. */
  readonly layer?: string;
  /** The heat map's colours. */
  readonly colormap: ColormapName;
  /** The heat map's opacity over the video. */
  readonly opacity: number;
}

/** Frames explained and the rate, since the start. */
export interface LiveStats {
  /** Frames explained. */
  readonly frames: number;
  /** Frames explained per second. */
  readonly fps: number;
  /** Mean time to grab a frame and scale it to the model's size, in milliseconds. */
  readonly captureMs: number;
  /** Mean time of `explain` in the worker, in milliseconds. */
  readonly explainMs: number;
  /** Mean time from sending a frame to receiving its map, in milliseconds. */
  readonly roundTripMs: number;
}

/**
 * Grad-CAM on the camera, continuously. The page shows the `<video>` itself, with the latest heat map on a
 * canvas stretched over it; as soon as a map arrives, the frame showing at that moment is scaled to the model's
 * size and sent. The frames the camera delivers in between are dropped, never queued, so the overlay lags by at
 * most one explanation and the main thread only copies one small frame per explanation.
 */
export class LiveCamera {
  #stream: MediaStream | undefined;
  #frames = 0;
  #started = 0;
  #sums = { captureMs: 0, explainMs: 0, roundTripMs: 0 };
  #grab: { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } | undefined;
  #error: unknown;

  constructor(
    readonly video: HTMLVideoElement,
    readonly canvas: HTMLCanvasElement,
    readonly client: WorkerClient,
    readonly settings: () => LiveSettings,
    readonly onStats: (stats: LiveStats) => void,
  ) {}

  /** True while the camera runs. */
  get running(): boolean {
    return this.#stream !== undefined;
  }

  /** The error that stopped the loop, if any. */
  get error(): unknown {
    return this.#error;
  }

  /**
   * Opens the camera and starts explaining.
   *
   * @throws `Error` with a readable message when there is no camera or the user refuses it.
   */
  async start(): Promise<void> {
    if (this.#stream) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error('This browser gives no camera access here (it needs HTTPS or localhost).');
    }
    try {
      this.#stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
    } catch (error) {
      throw new Error(
        `No camera: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}. Allow camera access and try again.`,
      );
    }
    this.video.srcObject = this.#stream;
    await this.video.play();
    this.#frames = 0;
    this.#sums = { captureMs: 0, explainMs: 0, roundTripMs: 0 };
    this.#error = undefined;
    this.#started = performance.now();
    this.canvas.getContext('2d')!.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.#send();
  }

  /** Stops the camera; returns the frames explained and the rate. */
  stop(): LiveStats {
    const stats = this.stats();
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.video.srcObject = null;
    return stats;
  }

  /** Frames explained so far and the rate. */
  stats(): LiveStats {
    const seconds = (performance.now() - this.#started) / 1000;
    const frames = this.#frames;
    const mean = (sum: number) => (frames > 0 ? sum / frames : 0);
    return {
      frames,
      fps: seconds > 0 ? frames / seconds : 0,
      captureMs: mean(this.#sums.captureMs),
      explainMs: mean(this.#sums.explainMs),
      roundTripMs: mean(this.#sums.roundTripMs),
    };
  }

  /** The frame showing now, at `width`×`height`, from one reused canvas (a new one per frame costs ~10×). */
  #capture(width: number, height: number): ImageData {
    if (!this.#grab || this.#grab.canvas.width !== width || this.#grab.canvas.height !== height) {
      const canvas = new OffscreenCanvas(width, height);
      this.#grab = { canvas, context: canvas.getContext('2d', { willReadFrequently: true })! };
    }
    this.#grab.context.drawImage(this.video, 0, 0, width, height);
    return this.#grab.context.getImageData(0, 0, width, height);
  }

  #send(): void {
    if (!this.#stream) return;
    const settings = this.settings();
    const started = performance.now();
    const { width, height } = settings.size;
    const image = this.#capture(width, height);
    const captureMs = performance.now() - started;
    const job = this.client.explain({
      method: 'gradcam',
      image: { data: image.data, width, height },
      preprocess: settings.preprocess,
      ...(settings.layer ? { layer: settings.layer } : {}),
      topK: 1,
    });
    job.promise.then(
      (result) => {
        if (!this.#stream) return;
        this.#frames++;
        this.#sums.captureMs += captureMs;
        this.#sums.explainMs += result.timings.explainMs;
        this.#sums.roundTripMs += performance.now() - started - captureMs;
        this.#paint(result, settings);
        this.onStats(this.stats());
        this.#send();
      },
      (error: unknown) => {
        if (!this.#stream) return;
        this.#error = error;
        this.stop();
        this.onStats(this.stats());
      },
    );
  }

  #paint(result: ExplainResult, settings: LiveSettings): void {
    const { canvas } = this;
    const colored = colorize(
      { data: result.map, height: result.height, width: result.width },
      { colormap: settings.colormap },
    );
    if (canvas.width !== result.width || canvas.height !== result.height) {
      canvas.width = result.width;
      canvas.height = result.height;
    }
    canvas
      .getContext('2d')!
      .putImageData(new ImageData(new Uint8ClampedArray(colored.data), result.width, result.height), 0, 0);
    canvas.style.opacity = String(settings.opacity);
  }
}
