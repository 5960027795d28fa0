export {
  ImageDecodeError,
  ImageTooLargeError,
  InvalidArgumentError,
  UnsupportedImageFormatError,
  VizError,
} from '../errors/index.js';
export { type DecodeImageOptions, decodeImage, defaultMaxPixels } from './decode-image.js';
export { encodeJpeg } from './encode-jpeg.js';
export { encodePng } from './encode-png.js';
export { detectImageFormat, type ImageFormat, supportedImageFormats } from './image-format.js';
export { readExifOrientation } from './read-exif-orientation.js';
export { readImage } from './read-image.js';
export { type ImageHeader, readImageHeader } from './read-image-header.js';
export {
  copyFileAtomic,
  temporaryFilePattern,
  writeFileAtomic,
  writeFileAtomicSync,
} from './write-file-atomic.js';
export { type WriteImageOptions, writeImage } from './write-image.js';
