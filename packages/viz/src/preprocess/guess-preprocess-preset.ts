import { modelInputChannels, modelInputSize } from './model-input-size.js';
import type { ModelInputShape, PreprocessPresetName } from './preprocess-spec.js';

/**
 * A first guess at a model's preprocessing from its input shape alone: `mnist` for one channel, `cifar10` for
 * 32x32, `imagenet` otherwise. Only a guess: a model's preprocessing is decided by how it was trained, so let
 * the user confirm or change it.
 */
export function guessPreprocessPreset(input: ModelInputShape): PreprocessPresetName {
  if (modelInputChannels(input) === 1) return 'mnist';
  const { height, width } = modelInputSize(input);
  if (height === 32 && width === 32) return 'cifar10';
  return 'imagenet';
}
