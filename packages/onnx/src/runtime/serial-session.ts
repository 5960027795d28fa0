import type { OrtSession, OrtTensor } from './ort-module.js';

/**
 * A session whose runs are queued one after another, so that overlapping calls never share a session run
 * (onnxruntime-web rejects concurrent runs of one session).
 */
export class SerialSession {
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(readonly session: OrtSession) {}

  /** Runs the session after the runs queued before this one have settled (at once when none is). */
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>> {
    this.pending++;
    const result =
      this.pending === 1 ? this.session.run(feeds) : this.queue.then(() => this.session.run(feeds));
    const settled = result.then(
      () => {
        this.pending--;
      },
      () => {
        this.pending--;
      },
    );
    this.queue = settled;
    return result;
  }

  /** Waits for queued runs, then releases the session. */
  async release(): Promise<void> {
    await this.queue;
    await this.session.release?.();
  }
}
