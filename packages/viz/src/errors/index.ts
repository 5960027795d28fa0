export { ImageDecodeError } from './image-decode-error.js';
export { ImageTooLargeError } from './image-too-large-error.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export { UnknownColormapError } from './unknown-colormap-error.js';
export { UnsupportedImageFormatError } from './unsupported-image-format-error.js';
export { hasVizErrorCode, VizError } from './viz-error.js';
