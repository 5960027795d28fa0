import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder. */
export const repositoryRoot: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The public packages, by name, with their folders relative to the root. */
export const publicPackages = {
  '@gradcam/core': 'packages/core',
  '@gradcam/viz': 'packages/viz',
  '@gradcam/metrics': 'packages/metrics',
  '@gradcam/onnx': 'packages/onnx',
  '@gradcam/tfjs': 'packages/tfjs',
  '@gradcam/cli': 'apps/cli',
} as const;

/** A public package's name. */
export type PublicPackageName = keyof typeof publicPackages;
