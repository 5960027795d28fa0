export { guessPreprocessPreset } from './guess-preprocess-preset.js';
export { type ImageTensor, imageToInput } from './image-to-input.js';
export { defaultInputSide, modelInputChannels, modelInputSize } from './model-input-size.js';
export { parsePreprocessSpec } from './parse-preprocess-spec.js';
export {
  type InputLayout,
  isPreprocessPresetName,
  type ModelInputShape,
  type PreprocessPresetName,
  type PreprocessSpec,
  preprocessPresets,
} from './preprocess-spec.js';
