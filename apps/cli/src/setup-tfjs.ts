import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Loads TensorFlow.js (core, layers for the gradients and LayersModels, converter for GraphModels) and makes
 * `name` the active backend. `tensorflow` needs the optional package `@tensorflow/tfjs-node`.
 */
export async function setupTfjs(
  name: 'wasm' | 'cpu' | 'tensorflow',
): Promise<typeof import('@tensorflow/tfjs-core')> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-converter');
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + sep);
  } else if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else {
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      throw new CliError(
        '--backend tensorflow needs @tensorflow/tfjs-node: npm install @tensorflow/tfjs-node',
      );
    }
  }
  if (!(await tf.setBackend(name)))
    throw new CliError(`The TensorFlow.js backend "${name}" failed to initialise.`);
  await tf.ready();
  return tf;
}
