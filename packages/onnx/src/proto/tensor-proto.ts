import { halfToFloat } from '@gradcam/core';
import { byteSize, DataType } from './data-type.js';
import { floatToHalf } from './float16.js';
import { onnx, type TensorProto } from './onnx.js';
import { toNumber } from './to-number.js';

/** The dimensions of a tensor proto as numbers. */
export function tensorDims(tensor: TensorProto): number[] {
  return (tensor.dims ?? []).map(toNumber);
}

/** True when the tensor's values live in an external file (not supported here). */
export function isExternalTensor(tensor: TensorProto): boolean {
  return tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL;
}

/**
 * Reads the values of a numeric tensor proto as numbers (int64 as the nearest double, bool as 0/1,
 * float16 decoded). Returns `undefined` for strings, external data and unknown types.
 *
 * @param tensor - an initializer, a `Constant` value, or an attribute tensor.
 */
export function tensorValues(tensor: TensorProto): number[] | undefined {
  const dataType = tensor.dataType ?? 0;
  if (isExternalTensor(tensor) || dataType === DataType.STRING) return undefined;
  const count = tensorDims(tensor).reduce((product, size) => product * size, 1);
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    const size = byteSize(dataType);
    if (size === undefined || raw.length !== count * size) return undefined;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const values = new Array<number>(count);
    for (let index = 0; index < count; index++) values[index] = readRaw(view, index * size, dataType);
    return values;
  }
  switch (dataType) {
    case DataType.FLOAT:
      return (tensor.floatData ?? []).map(Number);
    case DataType.DOUBLE:
      return (tensor.doubleData ?? []).map(Number);
    case DataType.INT64:
      return (tensor.int64Data ?? []).map(toNumber);
    case DataType.UINT32:
    case DataType.UINT64:
      return (tensor.uint64Data ?? []).map(toNumber);
    case DataType.FLOAT16:
      return (tensor.int32Data ?? []).map(halfToFloat);
    case DataType.BFLOAT16:
      return (tensor.int32Data ?? []).map((bits) => bfloatToNumber(bits));
    case DataType.INT32:
    case DataType.INT16:
    case DataType.INT8:
    case DataType.UINT16:
    case DataType.UINT8:
    case DataType.BOOL:
      return (tensor.int32Data ?? []).map(Number);
    default:
      return undefined;
  }
}

function bfloatToNumber(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, (bits & 0xffff) << 16);
  return view.getFloat32(0);
}

function readRaw(view: DataView, offset: number, dataType: number): number {
  switch (dataType) {
    case DataType.FLOAT:
      return view.getFloat32(offset, true);
    case DataType.DOUBLE:
      return view.getFloat64(offset, true);
    case DataType.FLOAT16:
      return halfToFloat(view.getUint16(offset, true));
    case DataType.BFLOAT16:
      return bfloatToNumber(view.getUint16(offset, true));
    case DataType.INT64:
      return Number(view.getBigInt64(offset, true));
    case DataType.UINT64:
      return Number(view.getBigUint64(offset, true));
    case DataType.INT32:
      return view.getInt32(offset, true);
    case DataType.UINT32:
      return view.getUint32(offset, true);
    case DataType.INT16:
      return view.getInt16(offset, true);
    case DataType.UINT16:
      return view.getUint16(offset, true);
    case DataType.INT8:
      return view.getInt8(offset);
    default:
      return view.getUint8(offset);
  }
}

/**
 * Builds a tensor proto holding `values` (row-major) as `raw_data` of the given element type.
 *
 * @param name - the tensor's name.
 * @param dataType - an ONNX element type: float32, float16, float64, int64, int32 or bool.
 * @param dims - the shape (`[]` for a scalar).
 * @param values - the values, converted to the element type.
 */
export function makeTensor(
  name: string,
  dataType: number,
  dims: readonly number[],
  values: ArrayLike<number>,
): TensorProto {
  const size = byteSize(dataType);
  if (size === undefined) throw new TypeError(`Cannot build a tensor of ONNX type ${dataType}.`);
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    const offset = index * size;
    switch (dataType) {
      case DataType.FLOAT:
        view.setFloat32(offset, value, true);
        break;
      case DataType.DOUBLE:
        view.setFloat64(offset, value, true);
        break;
      case DataType.FLOAT16:
        view.setUint16(offset, floatToHalf(value), true);
        break;
      case DataType.BFLOAT16:
        view.setUint16(offset, bfloatBits(value), true);
        break;
      case DataType.INT64:
        view.setBigInt64(offset, BigInt(Math.trunc(value)), true);
        break;
      case DataType.INT32:
        view.setInt32(offset, value, true);
        break;
      case DataType.BOOL:
      case DataType.UINT8:
        view.setUint8(offset, value ? 1 : 0);
        break;
      default:
        throw new TypeError(`Cannot build a tensor of ONNX type ${dataType}.`);
    }
  }
  return onnx.TensorProto.create({ name, dataType, dims: [...dims], rawData: bytes });
}

function bfloatBits(value: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getUint32(0);
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}
