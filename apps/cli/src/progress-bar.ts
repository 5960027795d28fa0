/** A one-line progress bar on a TTY; silent elsewhere (pipes, CI, `--json`). */
export class ProgressBar {
  private done = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = Boolean(stream.isTTY) && total > 1,
  ) {}

  /** Counts one more unit done and redraws. */
  tick(label = ''): void {
    this.done++;
    if (!this.enabled) return;
    const width = 28;
    const filled = Math.round((this.done / this.total) * width);
    const seconds = (Date.now() - this.started) / 1000;
    const rate = this.done / Math.max(seconds, 1e-3);
    const eta = (this.total - this.done) / Math.max(rate, 1e-9);
    const name = label.length > 30 ? `…${label.slice(-29)}` : label;
    this.stream.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${rate.toFixed(1)}/s eta ${eta.toFixed(0)}s ${name}\u001b[K`,
    );
    if (this.done === this.total) this.stream.write('\n');
  }
}
