import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { registerWasmTrainingKernels } from '../kernels/register-wasm-training-kernels.js';
import { defaultTf, type TfCore } from '../tf-core.js';
import { BackendSetupError } from './backend-setup-error.js';

/** The TensorFlow.js backends {@link setupTfjsNode} sets up: `tensorflow` is tfjs-node's native one. */
export type TfjsNodeBackendName = 'wasm' | 'cpu' | 'tensorflow';

/** Options of {@link setupTfjsNode}. */
export interface SetupTfjsNodeOptions {
  /** The backend to make active. */
  readonly backend: TfjsNodeBackendName;
  /** The TensorFlow.js namespace. @default the `@tensorflow/tfjs-core` this package resolves */
  readonly tf?: TfCore;
  /**
   * On `wasm`, also register the kernels that make training possible and fast ({@link registerWasmTrainingKernels}).
   * Grad-CAM does not need them. @default false
   */
  readonly trainingKernels?: boolean;
}

const packages: Record<TfjsNodeBackendName, string> = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
  tensorflow: '@tensorflow/tfjs-node',
};

/**
 * Makes a TensorFlow.js backend active in Node, with what each needs there:
 *
 * - loads TensorFlow.js's gradient functions (`@tensorflow/tfjs-layers` registers them) when it is installed;
 * - `wasm`: imports `@tensorflow/tfjs-backend-wasm` and points it at its `.wasm` binaries, which ship next to the
 *   package's entry point (in Node it cannot find them by itself); single-threaded, as tfjs-backend-wasm runs in
 *   Node; with `trainingKernels`, registers {@link registerWasmTrainingKernels};
 * - `cpu`: imports `@tensorflow/tfjs-backend-cpu`;
 * - `tensorflow`: imports `@tensorflow/tfjs-node` (native TensorFlow, an optional install).
 *
 * Then `tf.setBackend(backend)` and `tf.ready()`.
 *
 * @param options - see {@link SetupTfjsNodeOptions}.
 * @returns the TensorFlow.js namespace, its backend active.
 * @throws {@link BackendSetupError} when the backend's package is not installed (the message says what to
 * install) or the backend fails to initialise.
 *
 * @example
 * ```ts
 * const tf = await setupTfjsNode({ backend: 'wasm' });
 * const backend = await createTfjsBackend(await loadTfjsModel('model/model.json'), { tf });
 * ```
 */
export async function setupTfjsNode(options: SetupTfjsNodeOptions): Promise<TfCore> {
  const { backend, tf = defaultTf, trainingKernels = false } = options;
  const name = packages[backend];
  if (!name) {
    throw new BackendSetupError(
      String(backend),
      `Unknown TensorFlow.js backend "${String(backend)}": use 'wasm', 'cpu' or 'tensorflow'.`,
    );
  }
  try {
    await import(/* @vite-ignore */ '@tensorflow/tfjs-layers');
  } catch {
    // Optional: without it, gradients need '@tensorflow/tfjs' (the adapter says so when it needs them).
  }
  let loaded: { setWasmPaths?: (prefix: string) => void };
  try {
    loaded = await import(/* @vite-ignore */ name);
  } catch (error) {
    throw new BackendSetupError(
      backend,
      `The TensorFlow.js backend "${backend}" needs the package ${name}: npm install ${name}`,
      { cause: error },
    );
  }
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    loaded.setWasmPaths?.(dirname(require.resolve(name)) + sep);
  }
  let ready = false;
  try {
    ready = await tf.setBackend(backend);
    if (ready) await tf.ready();
  } catch (error) {
    throw new BackendSetupError(
      backend,
      `The TensorFlow.js backend "${backend}" failed to initialise: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (!ready)
    throw new BackendSetupError(backend, `The TensorFlow.js backend "${backend}" failed to initialise.`);
  if (backend === 'wasm' && trainingKernels) registerWasmTrainingKernels(tf);
  return tf;
}
