import { bundledAssets } from '../bundled-assets.js';
import type { RunOptions } from '../run-options.js';
import { runExplain } from './explain.js';

/** `gradcam demo`: the bundled photos through the bundled model, top-1 and the classes the photos show. */
export async function runDemo(options: RunOptions): Promise<number> {
  return runExplain(
    {
      ...options,
      inputs:
        options.inputs.length > 0
          ? options.inputs
          : [bundledAssets.images.both, bundledAssets.images.dogs, bundledAssets.images.chelsea],
      methods: options.methods,
    },
    'gradcam demo: darknet-tiny (ImageNet)',
  );
}
