import { BackendSetupError, setupTfjsNode } from '@gradcam/tfjs/node';
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
  // The command ships the wasm and cpu backends as its own dependencies; setupTfjsNode finds them loaded.
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  try {
    return await setupTfjsNode({ backend: name, tf });
  } catch (error) {
    if (BackendSetupError.isInstance(error)) {
      const hint = name === 'tensorflow' ? `--backend tensorflow: ${error.message}` : error.message;
      throw new CliError(hint);
    }
    throw error;
  }
}
