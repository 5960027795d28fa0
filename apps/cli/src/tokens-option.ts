import type { TokenGridOptions } from '@gradcam/core';
import { UsageError } from './usage-error.js';

/**
 * Parses `--tokens`: how a transformer's token layer forms a grid, as comma-separated `key=value` pairs:
 * `prefix=N` (tokens before the patches: class token, distillation token, registers), `height=N`, `width=N`,
 * or `size=HxW` for both. What is left out is inferred from the input's size.
 *
 * @example `prefix=1,height=14,width=14`, `prefix=5`, `size=14x14`
 * @throws {@link UsageError} for an unknown key or a value that is not a non-negative integer.
 */
export function parseTokensOption(text: string): TokenGridOptions {
  const options: { prefix?: number; height?: number; width?: number } = {};
  const integer = (key: string, value: string, least: number) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < least) {
      throw new UsageError(
        `--tokens: ${key} must be ${least === 0 ? 'a non-negative' : 'a positive'} integer, got "${value}".`,
      );
    }
    return number;
  };
  for (const part of text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    const [key, value, extra] = part.split('=');
    if (value === undefined || extra !== undefined) {
      throw new UsageError(`--tokens: "${part}" is not key=value (e.g. prefix=1,height=14,width=14).`);
    }
    switch (key!.trim()) {
      case 'prefix':
        options.prefix = integer('prefix', value, 0);
        break;
      case 'height':
        options.height = integer('height', value, 1);
        break;
      case 'width':
        options.width = integer('width', value, 1);
        break;
      case 'size': {
        const match = /^(\d+)x(\d+)$/.exec(value.trim());
        if (!match) throw new UsageError(`--tokens: size must be HxW (e.g. 14x14), got "${value}".`);
        options.height = integer('height', match[1]!, 1);
        options.width = integer('width', match[2]!, 1);
        break;
      }
      default:
        throw new UsageError(`--tokens: unknown key "${key}"; keys: prefix, height, width, size.`);
    }
  }
  if (Object.keys(options).length === 0) {
    throw new UsageError('--tokens needs at least one of prefix=N, height=N, width=N, size=HxW.');
  }
  return options;
}
