import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { isPreprocessPresetName, type PreprocessSpec, preprocessPresets } from './preprocess-spec.js';

const keys = 'size, channels, scale, mean, std, layout';

/**
 * Parses a preprocessing written as text: a preset name, key=value pairs, or a preset followed by overrides,
 * e.g. `imagenet`, `size=224x224,channels=bgr,scale=1,mean=103.9/116.8/123.7,std=1`, `cifar10,size=64x64`,
 * `scale=1/255,mean=0.5,std=0.5`. Sizes are `HxW` (height first) or one number for a square.
 *
 * @throws {@link InvalidArgumentError} naming the part that is wrong and what is accepted.
 */
export function parsePreprocessSpec(text: string): PreprocessSpec {
  let spec: PreprocessSpec = preprocessPresets.unit;
  for (const [index, part] of text.split(',').entries()) {
    const item = part.trim();
    if (item === '') continue;
    if (!item.includes('=')) {
      if (!isPreprocessPresetName(item) || index > 0) {
        throw new InvalidArgumentError(
          'preprocess',
          `Unknown preprocessing preset "${item}" (a preset comes first). Presets: ${Object.keys(preprocessPresets).join(', ')}; or key=value pairs (${keys}).`,
        );
      }
      spec = preprocessPresets[item];
      continue;
    }
    const [rawKey, rawValue = ''] = item.split('=', 2) as [string, string];
    const key = rawKey.trim();
    const value = rawValue.trim();
    switch (key) {
      case 'size': {
        const match = /^(\d+)(?:x(\d+))?$/.exec(value);
        if (!match || Number(match[1]) === 0 || Number(match[2] ?? 1) === 0) {
          throw new InvalidArgumentError(
            'preprocess',
            `size must be HxW or N (positive integers), got "${value}".`,
          );
        }
        const height = Number(match[1]);
        spec = { ...spec, size: { height, width: match[2] ? Number(match[2]) : height } };
        break;
      }
      case 'channels':
        if (value !== 'rgb' && value !== 'bgr' && value !== 'gray') {
          throw new InvalidArgumentError('preprocess', `channels must be rgb, bgr or gray, got "${value}".`);
        }
        spec = { ...spec, channels: value };
        break;
      case 'scale':
        spec = { ...spec, scale: numbers(value, 'scale', 1)[0]! };
        break;
      case 'mean':
        spec = { ...spec, mean: numbers(value, 'mean', 3) };
        break;
      case 'std':
        spec = { ...spec, std: numbers(value, 'std', 3) };
        if (spec.std.includes(0)) throw new InvalidArgumentError('preprocess', 'std must not be 0.');
        break;
      case 'layout':
        if (value !== 'nchw' && value !== 'nhwc') {
          throw new InvalidArgumentError('preprocess', `layout must be nchw or nhwc, got "${value}".`);
        }
        spec = { ...spec, layout: value };
        break;
      default:
        throw new InvalidArgumentError('preprocess', `Unknown preprocessing key "${key}" (${keys}).`);
    }
  }
  return spec;
}

/** `a/b/c` as numbers; each may itself be a fraction `1/255` when only one value is allowed. */
function numbers(text: string, what: string, most: number): number[] {
  const fraction = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(text);
  const values =
    most === 1 && fraction ? [Number(fraction[1]) / Number(fraction[2])] : text.split('/').map(Number);
  if (text === '' || values.length > most || values.some((value) => !Number.isFinite(value))) {
    throw new InvalidArgumentError(
      'preprocess',
      `${what} must be ${most === 1 ? 'a number (or a fraction such as 1/255)' : `1 to ${most} numbers separated by '/'`}, got "${text}".`,
    );
  }
  return values;
}
