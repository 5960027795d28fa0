import { InvalidModelError } from '@gradcam/core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createGraphRunner } from './graph/graph-runner.js';
import { isGraphModel, isLayersModel } from './is-model.js';
import { ensureGradientsRegistered } from './kernels/ensure-gradients.js';
import { registerMissingGradientKernels } from './kernels/register-gradient-kernels.js';
import { createLayersRunner } from './layers/layers-runner.js';
import { defaultTf, type TfCore } from './tf-core.js';
import { type TfjsBackend, tfjsBackend } from './tfjs-backend.js';

/** Options of {@link createTfjsBackend}. */
export interface TfjsBackendOptions {
  /**
   * The TensorFlow.js namespace the model was loaded with (`@tensorflow/tfjs`, `@tensorflow/tfjs-node`, ...).
   * The active tfjs backend (`cpu`, `wasm`, `webgl`, `tensorflow`) is whatever you set with `tf.setBackend`.
   * @default the `@tensorflow/tfjs-core` this package resolves
   */
  readonly tf?: TfCore;
  /**
   * The output to explain, for models with several: an output layer's name (LayersModel) or an output node's
   * name (GraphModel). @default the model's first output
   */
  readonly output?: string;
  /**
   * Explain the scores before a final softmax (what the Grad-CAM paper does), and say so in `backend.notes`.
   * @default true
   */
  readonly explainPreSoftmax?: boolean;
  /**
   * For a GraphModel whose input height and width are not fixed: the size used once to probe its layers' shapes.
   * @default { height: 224, width: 224 }
   */
  readonly probeSize?: { readonly height: number; readonly width: number };
}

/**
 * Wraps a TensorFlow.js model in a `@gradcam/core` backend, so that `explain` works on it:
 *
 * ```ts
 * const backend = await createTfjsBackend(model);
 * const explanation = await explain({ backend, input });
 * ```
 *
 * - `LayersModel` (Sequential, functional, branched, with nested models): layers are named as in the model,
 *   `outer/inner` inside nested models. Any layer works, not only those after which the model is a chain.
 * - `GraphModel`: any node of the graph, by name.
 *
 * It runs on the active tfjs backend. For `wasm`, it registers the input-gradient kernel of depthwise
 * convolutions if the backend lacks it (never replacing a registered kernel).
 *
 * @param model - a loaded `tf.LayersModel` or `tf.GraphModel` (e.g. from {@link loadTfjsModel} in Node).
 * @param options - see {@link TfjsBackendOptions}.
 * @throws {@link InvalidModelError} when `model` is neither, does not take one 4-D image input, or a GraphModel
 * needs `executeAsync` (control flow).
 */
export async function createTfjsBackend(
  model: LayersModel | GraphModel,
  options: TfjsBackendOptions = {},
): Promise<TfjsBackend> {
  const tf = options.tf ?? defaultTf;
  await tf.ready();
  await ensureGradientsRegistered(tf);
  const explainPreSoftmax = options.explainPreSoftmax ?? true;
  let runner: ReturnType<typeof createLayersRunner>;
  if (isLayersModel(model)) {
    runner = createLayersRunner(tf, model, { output: options.output, explainPreSoftmax });
  } else if (isGraphModel(model)) {
    runner = createGraphRunner(tf, model, {
      output: options.output,
      explainPreSoftmax,
      probeSize: options.probeSize ?? { height: 224, width: 224 },
    });
  } else {
    throw new InvalidModelError(
      'createTfjsBackend expects a loaded tf.LayersModel or tf.GraphModel (from tf.loadLayersModel, ' +
        'tf.loadGraphModel, or loadTfjsModel in Node).',
    );
  }
  registerMissingGradientKernels(tf);
  return tfjsBackend(tf, runner);
}
