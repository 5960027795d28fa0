import { type ColormapName, colorize, type PreprocessSpec } from '@gradcam/viz';
import type { ExplainResult } from './protocol.js';
import type { WorkerClient } from './worker-client.js';

/** What the live mode explains each frame with. */
export interface LiveSettings {
  /** The model's input height and width (frames are drawn at this size before they are sent). */
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
}

/**
 * Grad-CAM on the camera, continuously: each animation frame draws the video and the latest heat map over it;
 * whenever the worker is idle, the current frame is scaled to the model's size and sent. Frames that arrive
 * while the worker is busy are dropped, never queued, so the overlay lags by at most one explanation.
 */
export class LiveCamera {
  #stream: MediaStream | undefined;
  #animation = 0;
  #busy = false;
  #frames = 0;
  #started = 0;
  #heat: OffscreenCanvas | undefined;
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
    this.#error = undefined;
    this.#started = performance.now();
    this.#animation = requestAnimationFrame(() => this.#tick());
  }

  /** Stops the camera; returns the frames explained and the rate. */
  stop(): LiveStats {
    cancelAnimationFrame(this.#animation);
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.video.srcObject = null;
    return this.stats();
  }

  /** Frames explained so far and the rate. */
  stats(): LiveStats {
    const seconds = (performance.now() - this.#started) / 1000;
    return { frames: this.#frames, fps: seconds > 0 ? this.#frames / seconds : 0 };
  }

  /** The error that stopped the loop, if any. */
  get error(): unknown {
    return this.#error;
  }

  #tick(): void {
    if (!this.#stream) return;
    const { video, canvas } = this;
    if (video.videoWidth > 0) {
      if (canvas.width !== video.videoWidth || canvas.height !== video.videoHeight) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
      }
      const context = canvas.getContext('2d')!;
      context.drawImage(video, 0, 0);
      const settings = this.settings();
      if (this.#heat) {
        context.globalAlpha = settings.opacity;
        context.drawImage(this.#heat, 0, 0, canvas.width, canvas.height);
        context.globalAlpha = 1;
      }
      if (!this.#busy) this.#send(settings);
    }
    this.#animation = requestAnimationFrame(() => this.#tick());
  }

  #send(settings: LiveSettings): void {
    const { width, height } = settings.size;
    const frame = new OffscreenCanvas(width, height);
    const context = frame.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(this.video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    this.#busy = true;
    const job = this.client.explain({
      method: 'gradcam',
      image: { data: image.data, width, height },
      preprocess: settings.preprocess,
      ...(settings.layer ? { layer: settings.layer } : {}),
      topK: 1,
    });
    job.promise.then(
      (result) => {
        this.#busy = false;
        if (!this.#stream) return;
        this.#frames++;
        this.#paint(result, settings.colormap);
        this.onStats(this.stats());
      },
      (error: unknown) => {
        this.#busy = false;
        this.#error = error;
        this.stop();
        this.onStats(this.stats());
      },
    );
  }

  #paint(result: ExplainResult, colormap: ColormapName): void {
    const colored = colorize({ data: result.map, height: result.height, width: result.width }, { colormap });
    const heat = this.#heat ?? new OffscreenCanvas(result.width, result.height);
    heat.width = result.width;
    heat.height = result.height;
    heat
      .getContext('2d')!
      .putImageData(new ImageData(new Uint8ClampedArray(colored.data), result.width, result.height), 0, 0);
    this.#heat = heat;
  }
}
