import { describe, expect, it } from 'vitest';
import { halfToFloat } from './half-to-float.js';
import { NpyFormatError, readNpy, readNpyFloat32 } from './read-npy.js';
import { writeNpy } from './write-npy.js';

function npyBytes(header: string, payload: Uint8Array): Uint8Array {
  const padded = header + ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const bytes = new Uint8Array(10 + padded.length + payload.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length & 0xff, padded.length >> 8]);
  for (let i = 0; i < padded.length; i++) bytes[10 + i] = padded.charCodeAt(i);
  bytes.set(payload, 10 + padded.length);
  return bytes;
}

describe('.npy', () => {
  it('round-trips float32, int32 and uint8 arrays with their shapes', () => {
    const cases = [
      { data: Float32Array.of(1.5, -2, 3.25, 0, 7, 8), shape: [2, 3], dtype: 'float32' },
      { data: Int32Array.of(-1, 2, 3), shape: [3], dtype: 'int32' },
      { data: Uint8Array.of(255), shape: [], dtype: 'uint8' },
    ] as const;
    for (const { data, shape, dtype } of cases) {
      const bytes = writeNpy(data, shape);
      expect((10 + (bytes[8]! | (bytes[9]! << 8))) % 64).toBe(0);
      const read = readNpy(bytes);
      expect(read.dtype).toBe(dtype);
      expect(read.shape).toEqual(shape);
      expect(Array.from(read.data as ArrayLike<number>)).toEqual(Array.from(data));
    }
  });
  it('reads the header NumPy writes, big-endian data and float16', () => {
    const big = new Uint8Array(8);
    new DataView(big.buffer).setFloat32(0, 1.5, false);
    new DataView(big.buffer).setFloat32(4, -3, false);
    const read = readNpyFloat32(npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", big));
    expect(Array.from(read.data)).toEqual([1.5, -3]);
    expect(read.shape).toEqual([1, 2]);
    const half = Uint8Array.of(0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38); // 1, -2, 0.5
    const halves = readNpyFloat32(
      npyBytes("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", half),
    );
    expect(Array.from(halves.data)).toEqual([1, -2, 0.5]);
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
  });
  it('converts float64 to float32 in readNpyFloat32', () => {
    const read = readNpyFloat32(writeNpy(Float64Array.of(0.1, 2), [2]));
    expect(read.data).toBeInstanceOf(Float32Array);
    expect(read.data[0]).toBeCloseTo(0.1, 7);
  });
  it('rejects files that are not .npy, truncated, Fortran-ordered or of unsupported dtype', () => {
    expect(() => readNpy(new TextEncoder().encode('hello world, not numpy'))).toThrow(NpyFormatError);
    const good = writeNpy(Float32Array.of(1, 2, 3, 4), [4]);
    expect(() => readNpy(good.subarray(0, good.length - 1))).toThrow(/truncated data/);
    expect(() => readNpy(good.subarray(0, 20))).toThrow(/truncated header/);
    const fortran = npyBytes(
      "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
      new Uint8Array(16),
    );
    expect(() => readNpy(fortran)).toThrow(/Fortran/);
    const complex = npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));
    expect(() => readNpy(complex)).toThrow(/unsupported dtype/);
  });
  it('refuses a shape that does not match the data when writing', () => {
    expect(() => writeNpy(new Float32Array(5), [2, 3])).toThrow(RangeError);
  });
});
