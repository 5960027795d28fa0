import { findAttribute, intAttribute, intsAttribute, stringAttribute } from '../proto/attributes.js';
import type { GradientContext, GradientRule } from './gradient-rule.js';
import {
  type CoordinateTransformation,
  type NearestRounding,
  type ResizeAxis,
  resizeMatrix,
} from './resize-geometry.js';

const coordinateModes = new Set<string>([
  'half_pixel',
  'half_pixel_symmetric',
  'pytorch_half_pixel',
  'align_corners',
  'asymmetric',
  'tf_half_pixel_for_nn',
]);

/**
 * `Resize` (opset 10 on; nearest, linear and cubic modes; every coordinate transformation but
 * `tf_crop_and_resize`; scales or sizes, `axes` and `keep_aspect_ratio_policy` of opset 18) and `Upsample`
 * (opset 7 to 9): the resize is linear in its input and separable, so the input gradient is the output gradient
 * multiplied, along each resized axis, by the transpose of that axis's interpolation matrix
 * ({@link resizeMatrix}, a constant). Segmentation heads, FPNs and U-Nets upsample with it. Antialiased
 * resizes and resizes along the batch axis are rejected.
 */
export const resizeGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  const yInfo = context.info(context.output(0)!);
  const rank = xInfo.shape.length;
  const axes = resizeAxes(context, xInfo.shape, yInfo.shape);
  let current = gradient;
  axes.forEach((axis, index) => {
    if (!axis) return;
    if (xInfo.dynamic[index]) context.unsupported('it resizes the batch axis');
    const matrix = resizeMatrix(axis);
    const { input, output } = axis;
    if (index === rank - 1) {
      current = builder.op('MatMul', [
        current,
        builder.constant(matrix, [output, input], xInfo.dataType, 'resize_matrix'),
      ]);
    } else if (index === rank - 2) {
      const transposed = new Float64Array(input * output);
      for (let o = 0; o < output; o++)
        for (let i = 0; i < input; i++) transposed[i * output + o] = matrix[o * input + i]!;
      current = builder.op('MatMul', [
        builder.constant(transposed, [input, output], xInfo.dataType, 'resize_matrix'),
        current,
      ]);
    } else {
      const perm = Array.from({ length: rank }, (_, axisIndex) => axisIndex);
      perm[index] = rank - 1;
      perm[rank - 1] = index;
      const moved = builder.transpose(current, perm);
      const product = builder.op('MatMul', [
        moved,
        builder.constant(matrix, [output, input], xInfo.dataType, 'resize_matrix'),
      ]);
      current = builder.transpose(product, perm);
    }
  });
  context.addInputGradient(0, current);
};

/** Per axis of the input, its interpolation, or `undefined` when the axis is copied unchanged. */
function resizeAxes(
  context: GradientContext,
  inputShape: readonly number[],
  outputShape: readonly number[],
): (ResizeAxis | undefined)[] {
  const { node, opset } = context;
  const rank = inputShape.length;
  const isResize = node.opType === 'Resize';
  const mode = stringAttribute(node, 'mode', 'nearest');
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'cubic')
    context.unsupported(`mode "${mode}" is unknown`);
  const coordinates =
    isResize && opset >= 11
      ? stringAttribute(node, 'coordinate_transformation_mode', 'half_pixel')
      : 'asymmetric';
  if (!coordinateModes.has(coordinates)) {
    context.unsupported(`coordinate_transformation_mode "${coordinates}" is not supported`);
  }
  const nearest = (
    isResize && opset >= 11 ? stringAttribute(node, 'nearest_mode', 'round_prefer_floor') : 'simple'
  ) as NearestRounding;
  if (isResize && opset >= 18 && intAttribute(node, 'antialias', 0) !== 0) {
    context.unsupported('antialiased resizing is not supported');
  }
  const listed = isResize && opset >= 18 ? intsAttribute(node, 'axes') : undefined;
  const axes =
    listed?.map((axis) => (axis < 0 ? axis + rank : axis)) ?? Array.from({ length: rank }, (_, axis) => axis);

  const present = (position: number): string | undefined => {
    const name = context.input(position);
    if (!name) return undefined;
    const info = context.info(name);
    return info.shape.reduce((product, size) => product * size, 1) > 0 ? name : undefined;
  };
  const value = (name: string, what: string): number[] => {
    const known = context.constantValue(name);
    if (!known) context.unsupported(`its ${what} ("${name}") must be a constant or computed from shapes`);
    return known;
  };
  const policy =
    isResize && opset >= 18 ? stringAttribute(node, 'keep_aspect_ratio_policy', 'stretch') : 'stretch';
  let given: number[] | undefined;
  let sizes: 'measured' | number[] | undefined;
  if (!isResize && opset < 9) {
    given = (findAttribute(node, 'scales')?.floats ?? []).map(Number);
  } else {
    const scalesName = present(!isResize || opset === 10 ? 1 : 2);
    const sizesName = isResize && opset >= 11 ? present(3) : undefined;
    if (scalesName) given = value(scalesName, 'scales');
    else if (sizesName) sizes = policy === 'stretch' ? 'measured' : value(sizesName, 'sizes');
  }
  const scales = new Array<number>(rank).fill(1);
  if (given) {
    axes.forEach((axis, index) => {
      scales[axis] = Math.fround(given![index] ?? 1);
    });
  } else if (sizes) {
    // Stretch: each axis's scale is its output length over its input length (the measured shapes); the
    // aspect-ratio policies use one scale, the smallest or largest of the requested ones.
    const requested = sizes === 'measured' ? axes.map((axis) => outputShape[axis]!) : sizes;
    axes.forEach((axis, index) => {
      scales[axis] = inputShape[axis] === 0 ? 1 : Math.fround(requested[index]! / inputShape[axis]!);
    });
    if (policy === 'not_larger' || policy === 'not_smaller') {
      const chosen = axes.map((axis) => scales[axis]!);
      const common = policy === 'not_larger' ? Math.min(...chosen) : Math.max(...chosen);
      for (const axis of axes) scales[axis] = common;
    }
  } else {
    context.unsupported('it has neither scales nor sizes');
  }
  const cubicA = Math.fround(findAttribute(node, 'cubic_coeff_a')?.f ?? -0.75);
  const excludeOutside = intAttribute(node, 'exclude_outside', 0) === 1;
  return inputShape.map((input, axis) => {
    const output = outputShape[axis]!;
    if (scales[axis] === 1 && input === output) return undefined;
    return {
      mode,
      coordinates: coordinates as CoordinateTransformation,
      nearest,
      scale: scales[axis]!,
      input,
      output,
      cubicA,
      excludeOutside,
    };
  });
}
