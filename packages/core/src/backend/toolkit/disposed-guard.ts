import { BackendDisposedError } from '../../errors/backend-disposed-error.js';

/**
 * The disposed state of a backend: every entry point calls {@link DisposedGuard.ensureOpen} first, and
 * `dispose()` calls {@link DisposedGuard.close} to learn whether it has anything left to release.
 *
 * @example
 * ```ts
 * const guard = new DisposedGuard(() => backend.name, 'createMyBackend()');
 * async forward(request) { guard.ensureOpen(); ... }
 * async dispose() { if (guard.close()) model.release(); }
 * ```
 */
export class DisposedGuard {
  private closed = false;

  /**
   * @param name - the backend's name (read when an error is thrown).
   * @param recreate - how the user gets a new backend, e.g. `'createTfjsBackend()'`.
   */
  constructor(
    private readonly name: () => string,
    private readonly recreate: string,
  ) {}

  /** Whether `dispose()` was called. */
  get disposed(): boolean {
    return this.closed;
  }

  /** @throws {@link BackendDisposedError} once the backend is disposed. */
  ensureOpen(): void {
    if (this.closed) throw new BackendDisposedError(this.name(), this.recreate);
  }

  /** Marks the backend disposed. Returns `false` when it already was, so that resources are released once. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    return true;
  }
}
