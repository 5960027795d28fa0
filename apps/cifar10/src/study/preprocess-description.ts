import type { PreprocessSpec } from '@gradcam/viz';

/** Says in words what a preprocessing does to a pixel, e.g. `RGB, x / 255` or `RGB, (x / 255 - 0.5) / 0.5`. */
export function describePreprocess(spec: PreprocessSpec): string {
  const scale =
    spec.scale === 1
      ? 'x'
      : Math.abs(1 / spec.scale - Math.round(1 / spec.scale)) < 1e-9
        ? `x / ${Math.round(1 / spec.scale)}`
        : `x * ${spec.scale}`;
  const list = (values: readonly number[]) =>
    values.length === 1 ? String(values[0]) : `[${values.join(', ')}]`;
  const noMean = spec.mean.every((value) => value === 0);
  const noStd = spec.std.every((value) => value === 1);
  let formula = scale;
  if (!noMean) formula = `(${formula} - ${list(spec.mean)})`;
  if (!noStd) formula = `${formula} / ${list(spec.std)}`;
  if (noMean && noStd) formula = scale;
  return `${spec.channels.toUpperCase()}, ${formula.replace(/^\((.*)\)$/, '$1')}`;
}
