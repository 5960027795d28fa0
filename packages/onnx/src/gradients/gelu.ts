import { stringAttribute } from '../proto/attributes.js';
import type { GradientRule } from './gradient-rule.js';

/** Coefficient of the cubic term in the tanh approximation of GELU. */
const cubic = 0.044715;

/**
 * `Gelu` (opset 20): `approximate = 'none'`: `dX = dY * (Φ(X) + X φ(X))` with the standard normal CDF `Φ` and
 * density `φ`; `approximate = 'tanh'`: the derivative of `X/2 (1 + tanh(√(2/π) (X + 0.044715 X³)))`.
 */
export const geluGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const dataType = context.info(x).dataType;
  const number = (value: number) => builder.scalar(value, dataType);
  const approximate = stringAttribute(node, 'approximate', 'none');
  let slope: string;
  if (approximate === 'none') {
    const cdf = builder.scale(
      builder.add(number(1), builder.op('Erf', [builder.scale(x, Math.SQRT1_2, dataType)])),
      0.5,
      dataType,
    );
    const density = builder.scale(
      builder.op('Exp', [builder.scale(builder.mul(x, x), -0.5, dataType)]),
      1 / Math.sqrt(2 * Math.PI),
      dataType,
    );
    slope = builder.add(cdf, builder.mul(x, density));
  } else if (approximate === 'tanh') {
    const root = Math.sqrt(2 / Math.PI);
    const square = builder.mul(x, x);
    const inner = builder.scale(
      builder.mul(x, builder.add(number(1), builder.scale(square, cubic, dataType))),
      root,
      dataType,
    );
    const t = builder.op('Tanh', [inner]);
    const innerSlope = builder.scale(
      builder.add(number(1), builder.scale(square, 3 * cubic, dataType)),
      root,
      dataType,
    );
    const tanhSlope = builder.sub(number(1), builder.mul(t, t));
    slope = builder.scale(
      builder.add(builder.add(number(1), t), builder.mul(x, builder.mul(tanhSlope, innerSlope))),
      0.5,
      dataType,
    );
  } else {
    return context.unsupported(`approximate = "${approximate}" is not one of "none" and "tanh"`);
  }
  context.addInputGradient(0, builder.mul(gradient, slope));
};
