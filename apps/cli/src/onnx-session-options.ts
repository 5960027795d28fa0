import { extname } from 'node:path';
import type { OrtSessionOptions } from '@gradcam/onnx';
import type { ModelOptions } from './open-model.js';
import { UsageError } from './usage-error.js';

/** What onnxruntime-node says it can run on: `listSupportedBackends()` (absent in old versions). */
interface OrtNode {
  readonly listSupportedBackends?: () => readonly { readonly name: string; readonly bundled: boolean }[];
}

/**
 * The ONNX Runtime session options of `--threads` and `--execution-provider`: `intraOpNumThreads` and
 * `interOpNumThreads`, `executionProviders`. Execution providers are checked against the ones this
 * onnxruntime-node build knows, so a misspelt name is a one-line usage error naming the available ones.
 *
 * @throws {@link UsageError} for an execution provider onnxruntime-node does not know.
 */
export function onnxSessionOptions(
  ort: OrtNode,
  options: Pick<ModelOptions, 'threads' | 'executionProviders'>,
): OrtSessionOptions {
  const { threads, executionProviders } = options;
  if (executionProviders) {
    const known = ort.listSupportedBackends?.();
    if (known) {
      const names = known.map((backend) => backend.name.toLowerCase());
      const unknown = executionProviders.filter((name) => !names.includes(name));
      if (unknown.length > 0) {
        const available = known
          .map((backend) => `${backend.name}${backend.bundled ? '' : ' (needs its own runtime libraries)'}`)
          .join(', ');
        throw new UsageError(
          `Unknown execution provider ${unknown.map((name) => `"${name}"`).join(', ')}. Available in onnxruntime-node here: ${available}.`,
        );
      }
    }
  }
  return {
    ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: threads } : {}),
    ...(executionProviders ? { executionProviders: [...executionProviders] } : {}),
  };
}

/** A note for `--threads` or `--execution-provider` given with a model they do not apply to, if any. */
export function ignoredModelOptionsNote(options: ModelOptions): string | undefined {
  const onnx = options.path !== undefined && extname(options.path).toLowerCase() === '.onnx';
  if (onnx) return undefined;
  const ignored = [
    ...(options.threads ? ['--threads'] : []),
    ...(options.executionProviders ? ['--execution-provider'] : []),
  ];
  if (ignored.length === 0) return undefined;
  return `${ignored.join(' and ')} ${ignored.length > 1 ? 'apply' : 'applies'} to ONNX models only; TensorFlow.js (tfjs-backend-wasm) runs single-threaded in Node.`;
}
