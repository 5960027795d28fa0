import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's `assets/` folder (copied from the fixtures at build time; see NOTICE). */
const assetsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

/** The files shipped inside the CLI package: the zero-config model, its labels and the demo photos. */
export const bundledAssets = {
  /** darknet-tiny, a TF.js LayersModel: ImageNet-1k in Darknet class order, input [1,224,224,3] RGB x/255. */
  model: join(assetsRoot, 'models', 'darknet-tiny', 'model.json'),
  /** The 1000 ImageNet labels in darknet-tiny's (Darknet's) class order. */
  labels: join(assetsRoot, 'labels', 'imagenet-1k-darknet-order.txt'),
  /** The photos `gradcam demo` explains. */
  images: {
    /** A bulldog and a tabby cat. */
    both: join(assetsRoot, 'images', 'both.png'),
    /** Two collies in snow. */
    dogs: join(assetsRoot, 'images', 'dogs.png'),
    /** A tabby cat. */
    chelsea: join(assetsRoot, 'images', 'chelsea.png'),
  },
} as const;
