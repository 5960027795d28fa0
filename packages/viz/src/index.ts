export { type ColorizeOptions, colorize } from './colorize.js';
export {
  type ColormapName,
  type ColormapTable,
  colormapNames,
  isColormapName,
} from './colormaps/colormap-names.js';
export { getColormap } from './colormaps/get-colormap.js';
export { type DrawBoxOptions, drawBox } from './draw-box.js';
export {
  hasVizErrorCode,
  ImageDecodeError,
  ImageTooLargeError,
  InvalidArgumentError,
  UnknownColormapError,
  UnsupportedImageFormatError,
  VizError,
} from './errors/index.js';
export { type GradientImageOptions, type GradientTensor, gradientImage } from './gradient-image.js';
export type { HeatMap, ScalarMap } from './heat-map.js';
export type { ImageSize } from './image-size.js';
export { type ExifOrientation, isExifOrientation, orientImage } from './orient-image.js';
export { type OverlayOptions, overlay } from './overlay.js';
export {
  defaultInputSide,
  guessPreprocessPreset,
  type ImageTensor,
  type InputLayout,
  imageToInput,
  isPreprocessPresetName,
  type ModelInputShape,
  modelInputChannels,
  modelInputSize,
  type PreprocessPresetName,
  type PreprocessSpec,
  parsePreprocessSpec,
  preprocessPresets,
} from './preprocess/index.js';
export { type ResizeImageOptions, resizeImage } from './resize-image.js';
export { type ResizeMapOptions, resizeMap } from './resize-map.js';
export { type ResizeMethod, resizeMethods } from './resize-method.js';
export type { RgbaImage } from './rgba-image.js';
