/**
 * ONNX element types (`TensorProto.DataType`), by name.
 */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

const ortNames: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

const byteSizes: Record<number, number> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  14: 8,
  15: 16,
  16: 2,
};

/** The ONNX Runtime JavaScript name of an element type (`'float32'`, `'float16'`, ...), or `'type <n>'`. */
export function ortTypeName(dataType: number): string {
  return ortNames[dataType] ?? `type ${dataType}`;
}

/** The ONNX element type of an ONNX Runtime JavaScript tensor type name, or `undefined`. */
export function dataTypeOfOrtName(name: string): number | undefined {
  for (const [key, value] of Object.entries(ortNames)) if (value === name) return Number(key);
  return undefined;
}

/** Bytes per element of a fixed-size element type; `undefined` for strings and unknown types. */
export function byteSize(dataType: number): number | undefined {
  return byteSizes[dataType];
}

/** True for the floating-point types gradients flow through: float32, float16, float64 and bfloat16. */
export function isFloatType(dataType: number): boolean {
  return (
    dataType === DataType.FLOAT ||
    dataType === DataType.FLOAT16 ||
    dataType === DataType.DOUBLE ||
    dataType === DataType.BFLOAT16
  );
}

/** The most negative finite value of a float type (the padding value that never wins a max). */
export function lowestFinite(dataType: number): number {
  if (dataType === DataType.FLOAT16) return -65504;
  if (dataType === DataType.DOUBLE) return -Number.MAX_VALUE;
  if (dataType === DataType.BFLOAT16) return -3.3895313892515355e38;
  return -3.4028234663852886e38;
}
