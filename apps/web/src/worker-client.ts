import type {
  ExplainRequestBody,
  ExplainResult,
  ModelInfo,
  ModelSource,
  PlainError,
  TfjsBackendName,
  WorkerRequest,
  WorkerResponse,
} from './protocol.js';

/** An error the worker reported, with the original class name (`AbortError`, `InvalidModelError`, ...). */
export class WorkerError extends Error {
  /** A gradcam error's code, when it has one. */
  readonly code: string | undefined;

  constructor(error: PlainError) {
    super(error.message);
    this.name = error.name;
    this.code = error.code;
  }
}

/** True when `error` is a cancellation reported by the worker. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** A request before it gets its id. */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: ((done: number, total: number) => void) | undefined;
}

/** A running request: its answer, and how to cancel it. */
export interface Job<T> {
  /** The request id. */
  readonly id: number;
  /** Resolves with the worker's answer; rejects with a {@link WorkerError}. */
  readonly promise: Promise<T>;
  /** Asks the worker to cancel it; the promise then rejects with an `AbortError`. */
  cancel(): void;
}

/** The page's side of the worker protocol: request ids, answers, progress and cancellation. */
export class WorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  /** @param url - the worker script (a module worker). */
  constructor(url: URL) {
    this.#worker = new Worker(url, { type: 'module', name: 'gradcam-model' });
    this.#worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      const error = new WorkerError({
        name: 'WorkerError',
        message: `The model worker failed: ${event.message}`,
      });
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
  }

  /** Loads a model in the worker (replacing the current one once loaded). */
  loadModel(source: ModelSource, tfjsBackend: TfjsBackendName): Job<ModelInfo> {
    return this.#send({ type: 'load-model', source, tfjsBackend });
  }

  /** Explains an image or tensor with the loaded model. */
  explain(body: ExplainRequestBody, onProgress?: (done: number, total: number) => void): Job<ExplainResult> {
    const transfer = body.image ? [body.image.data.buffer as ArrayBuffer] : [];
    return this.#send({ type: 'explain', body }, onProgress, transfer);
  }

  #send<T>(
    request: Unsent<Exclude<WorkerRequest, { type: 'abort' }>>,
    onProgress?: (done: number, total: number) => void,
    transfer: Transferable[] = [],
  ): Job<T> {
    const id = this.#nextId++;
    const promise = new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject, onProgress });
    });
    this.#worker.postMessage({ ...request, id } as WorkerRequest, transfer);
    return {
      id,
      promise,
      cancel: () => this.#worker.postMessage({ type: 'abort', id } satisfies WorkerRequest),
    };
  }

  #receive(message: WorkerResponse): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') {
      pending.onProgress?.(message.done, message.total);
      return;
    }
    this.#pending.delete(message.id);
    if (message.type === 'result') pending.resolve(message.value as never);
    else pending.reject(new WorkerError(message.error));
  }
}
