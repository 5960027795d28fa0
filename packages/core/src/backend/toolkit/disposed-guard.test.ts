import { describe, expect, it } from 'vitest';
import { BackendDisposedError } from '../../errors/backend-disposed-error.js';
import { DisposedGuard } from './disposed-guard.js';

describe('DisposedGuard', () => {
  it('lets calls through until closed, then rejects them with BackendDisposedError naming the backend', () => {
    let name = 'tfjs-cpu';
    const guard = new DisposedGuard(() => name, 'createTfjsBackend()');
    expect(() => guard.ensureOpen()).not.toThrow();
    expect(guard.close()).toBe(true);
    expect(guard.close()).toBe(false);
    expect(guard.disposed).toBe(true);
    name = 'tfjs-wasm';
    let error: unknown;
    try {
      guard.ensureOpen();
    } catch (caught) {
      error = caught;
    }
    expect(BackendDisposedError.isInstance(error)).toBe(true);
    expect((error as BackendDisposedError).backend).toBe('tfjs-wasm');
    expect((error as Error).message).toBe(
      'Backend "tfjs-wasm" was disposed; create a new one with createTfjsBackend().',
    );
  });
});
