/** The element types `.npy` files can hold that this reader and writer support. */
export type NpyDtype =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'bool';

/** A typed array of one of the supported element types. */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array;

/** An array read from, or to be written to, a NumPy `.npy` file (C order). */
export interface NpyArray {
  /** Values in C (row-major) order. float16 is widened to `Float32Array` when read. */
  readonly data: NpyData;
  /** The array's shape; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** The element type in the file. */
  readonly dtype: NpyDtype;
}
