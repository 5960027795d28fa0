/** How long one phase of the study took. */
export interface PhaseTiming {
  /** The model it ran for (absent: not model-specific). */
  readonly model?: string;
  /** What it did, e.g. `predict` or `maps scorecam`. */
  readonly phase: string;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** Units of work (images, or maps). */
  readonly items: number;
  /** What an item is. */
  readonly unit: string;
  /** Items read from the cache rather than computed. */
  readonly cached: number;
  /** Computed items per second (`null` when everything came from the cache). */
  readonly perSecond: number | null;
  /** CPU seconds of this process (all its threads) during the phase. */
  readonly cpuSeconds: number;
  /** When every item came from the cache: the timing of the run that computed them, if it was recorded. */
  readonly computedEarlier?: PhaseTiming;
}

/** One running phase: count work done, then end it. */
export interface Phase {
  /** Counts `count` more items done (`cached`: read from the cache). */
  advance(count: number, cached?: boolean): void;
  /** Ends the phase and records its timing. */
  end(): PhaseTiming;
}

/**
 * Phases of a long run with their timings; on a terminal, a one-line progress bar with rate and ETA per phase
 * (nothing is drawn when the stream is not a TTY). Finished phases are logged as one line each.
 */
export class PhaseProgress {
  /** Every ended phase. */
  readonly timings: PhaseTiming[] = [];

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly log: (line: string) => void = () => {},
    private readonly draw = Boolean(stream.isTTY),
  ) {}

  /** Starts a phase of `total` items. */
  start(label: { model?: string; phase: string }, total: number, unit: string): Phase {
    const started = Date.now();
    const cpuStarted = process.cpuUsage();
    let done = 0;
    let cached = 0;
    let lastDraw = 0;
    const title = label.model ? `${label.model}: ${label.phase}` : label.phase;
    const redraw = (force: boolean) => {
      const now = Date.now();
      if (!this.draw || (!force && now - lastDraw < 200)) return;
      lastDraw = now;
      const width = 24;
      const filled = Math.round((Math.min(done, total) / Math.max(total, 1)) * width);
      const seconds = (now - started) / 1000;
      const rate = (done - cached) / Math.max(seconds, 1e-3);
      const eta = rate > 0 ? (total - done) / rate : Number.NaN;
      this.stream.write(
        `\r${title} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${unit} ` +
          `${rate.toFixed(1)}/s eta ${formatSeconds(eta)}\u001b[K`,
      );
    };
    redraw(true);
    return {
      advance: (count, fromCache = false) => {
        done += count;
        if (fromCache) cached += count;
        redraw(done >= total);
      },
      end: () => {
        const seconds = (Date.now() - started) / 1000;
        if (this.draw) this.stream.write('\r\u001b[K');
        const computed = done - cached;
        const cpu = process.cpuUsage(cpuStarted);
        const timing: PhaseTiming = {
          ...(label.model ? { model: label.model } : {}),
          phase: label.phase,
          seconds,
          items: done,
          unit,
          cached,
          perSecond: computed > 0 ? computed / Math.max(seconds, 1e-3) : null,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        };
        this.timings.push(timing);
        this.log(
          `${title}: ${done} ${unit} in ${formatSeconds(seconds)}` +
            (timing.perSecond != null ? ` (${timing.perSecond.toFixed(1)}/s)` : '') +
            (cached > 0 ? `, ${cached} from the cache` : ''),
        );
        return timing;
      },
    };
  }
}

/** `95` → `1m35s`; NaN → `?`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds - minutes * 60)).padStart(2, '0')}s`;
}
