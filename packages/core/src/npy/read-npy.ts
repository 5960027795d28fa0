import { GradcamError } from '../errors/gradcam-error.js';
import { halfToFloat } from './half-to-float.js';
import type { NpyArray, NpyData, NpyDtype } from './npy-array.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCRIPTORS: Record<string, { dtype: NpyDtype; size: number }> = {
  f4: { dtype: 'float32', size: 4 },
  f8: { dtype: 'float64', size: 8 },
  f2: { dtype: 'float16', size: 2 },
  i1: { dtype: 'int8', size: 1 },
  u1: { dtype: 'uint8', size: 1 },
  b1: { dtype: 'bool', size: 1 },
  i2: { dtype: 'int16', size: 2 },
  u2: { dtype: 'uint16', size: 2 },
  i4: { dtype: 'int32', size: 4 },
  u4: { dtype: 'uint32', size: 4 },
  i8: { dtype: 'int64', size: 8 },
};

/** A `.npy` file could not be read. */
export class NpyFormatError extends GradcamError {
  constructor(message: string) {
    super('npy-format', `Cannot read .npy: ${message}`);
    this.name = 'NpyFormatError';
  }
}

/**
 * Reads a NumPy `.npy` file (format versions 1, 2 and 3; little- or big-endian; C order) from its bytes.
 * float16 is widened to float32. Fortran-ordered arrays are rejected (save with `np.ascontiguousarray`).
 *
 * @param bytes - the whole file.
 * @throws {@link NpyFormatError} for anything that is not a supported `.npy` file.
 */
export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((value, index) => bytes[index] !== value)) {
    throw new NpyFormatError('not a .npy file (missing the \\x93NUMPY magic string).');
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyFormatError('truncated header.');
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new NpyFormatError(`unsupported format version ${major}.`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new NpyFormatError('truncated header.');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, dataStart),
  );
  const descr = /'descr'\s*:\s*'([<>|=])([a-z]\d+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeMatch)
    throw new NpyFormatError(`malformed header ${JSON.stringify(header)}.`);
  if (fortran[1] === 'True') {
    throw new NpyFormatError('Fortran-ordered arrays are not supported; save with np.ascontiguousarray(x).');
  }
  const descriptor = DESCRIPTORS[descr[2]!];
  if (!descriptor) throw new NpyFormatError(`unsupported dtype '${descr[1]}${descr[2]}'.`);
  const shape = shapeMatch[1]!
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => Number.parseInt(part, 10));
  if (shape.some((size) => !Number.isInteger(size) || size < 0)) {
    throw new NpyFormatError(`bad shape (${shapeMatch[1]}).`);
  }
  const count = shape.reduce((product, size) => product * size, 1);
  const byteLength = count * descriptor.size;
  if (dataStart + byteLength > bytes.length) {
    throw new NpyFormatError(
      `truncated data: shape (${shape.join(', ')}) needs ${byteLength} bytes, the file has ${bytes.length - dataStart}.`,
    );
  }
  const littleEndian = descr[1] !== '>';
  return {
    data: decode(view, dataStart, count, descriptor.dtype, littleEndian),
    shape,
    dtype: descriptor.dtype,
  };
}

function decode(view: DataView, start: number, count: number, dtype: NpyDtype, little: boolean): NpyData {
  switch (dtype) {
    case 'float32':
      return fill(new Float32Array(count), (i) => view.getFloat32(start + i * 4, little));
    case 'float64':
      return fill(new Float64Array(count), (i) => view.getFloat64(start + i * 8, little));
    case 'float16':
      return fill(new Float32Array(count), (i) => halfToFloat(view.getUint16(start + i * 2, little)));
    case 'int8':
      return fill(new Int8Array(count), (i) => view.getInt8(start + i));
    case 'uint8':
    case 'bool':
      return fill(new Uint8Array(count), (i) => view.getUint8(start + i));
    case 'int16':
      return fill(new Int16Array(count), (i) => view.getInt16(start + i * 2, little));
    case 'uint16':
      return fill(new Uint16Array(count), (i) => view.getUint16(start + i * 2, little));
    case 'int32':
      return fill(new Int32Array(count), (i) => view.getInt32(start + i * 4, little));
    case 'uint32':
      return fill(new Uint32Array(count), (i) => view.getUint32(start + i * 4, little));
    case 'int64': {
      const out = new BigInt64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getBigInt64(start + i * 8, little);
      return out;
    }
  }
}

function fill<T extends { length: number; [index: number]: number }>(
  array: T,
  value: (index: number) => number,
): T {
  for (let index = 0; index < array.length; index++) array[index] = value(index);
  return array;
}

/**
 * Reads a `.npy` file as float32 (any numeric dtype is converted), for tensors moved between Python and JS.
 */
export function readNpyFloat32(bytes: Uint8Array): { data: Float32Array; shape: readonly number[] } {
  const array = readNpy(bytes);
  if (array.data instanceof Float32Array) return { data: array.data, shape: array.shape };
  const data = new Float32Array(array.data.length);
  for (let index = 0; index < data.length; index++) data[index] = Number(array.data[index]);
  return { data, shape: array.shape };
}
