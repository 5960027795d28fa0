/**
 * What the graph generators know about a tensor: its element type and its shape as measured by the probe
 * runs, with the axes whose size follows the batch size marked dynamic.
 */
export interface TensorInfo {
  /** ONNX element type (`TensorProto.DataType`). */
  readonly dataType: number;
  /** Sizes at batch size 1 (or the model's fixed batch size). */
  readonly shape: readonly number[];
  /** Per axis, true when the size changes with the batch size. */
  readonly dynamic: readonly boolean[];
}

/** A tensor info of a fixed shape (no dynamic axis). */
export function staticInfo(dataType: number, shape: readonly number[]): TensorInfo {
  return { dataType, shape: [...shape], dynamic: shape.map(() => false) };
}

/** The shape as `LayerInfo` reports it: `null` for dynamic axes. */
export function reportedShape(info: TensorInfo): (number | null)[] {
  return info.shape.map((size, axis) => (info.dynamic[axis] ? null : size));
}
