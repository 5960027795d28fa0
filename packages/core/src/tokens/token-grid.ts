import { TokenGridError } from '../errors/token-grid-error.js';

/**
 * How a token layer's tokens form a spatial grid: `prefix` tokens first (class token, distillation token,
 * registers), then `height * width` patch tokens in row-major order.
 */
export interface TokenGrid {
  /** Tokens before the patches, dropped from the map. */
  readonly prefix: number;
  /** Rows of the patch grid. */
  readonly height: number;
  /** Columns of the patch grid. */
  readonly width: number;
}

/**
 * What the caller says about a token layer's grid; what is left out is inferred ({@link resolveTokenGrid}).
 * The CLI's `--tokens prefix=1,height=14,width=14`.
 */
export interface TokenGridOptions {
  /** Tokens before the patches. @default inferred: the fewest that leave a grid of the input's aspect ratio */
  readonly prefix?: number;
  /** Rows of the patch grid. @default inferred */
  readonly height?: number;
  /** Columns of the patch grid. @default inferred */
  readonly width?: number;
}

/** Largest number of prefix tokens inference tries (class + distillation + registers stay well below). */
export const MAX_INFERRED_PREFIX = 16;

const hint = 'Pass `tokens: { prefix, height, width }` (CLI: `--tokens prefix=1,height=14,width=14`).';

/**
 * The grid of a token layer with `tokens` tokens, for an input of `input.height x input.width` pixels.
 *
 * Inference (for what `options` leaves out) takes the fewest prefix tokens `p` (from 0 up to
 * {@link MAX_INFERRED_PREFIX}) such that the remaining `tokens - p` patches form a `h x w` grid with the input's
 * aspect ratio (`h * input.width === w * input.height`): 197 tokens at 224x224 are 1 + 14x14 (ViT-B/16),
 * 198 are 2 + 14x14 (DeiT with distillation), 201 are 5 + 14x14 (a class token and 4 registers), 49 are 0 + 7x7
 * (Swin's last stage). Given `height` and `width`, the prefix is what is left; given only `prefix`, the grid
 * is inferred from the rest.
 *
 * @param tokens - the layer's token count.
 * @param input - the input's spatial size.
 * @param options - what is known.
 * @throws {@link TokenGridError} when the options do not fit the token count or nothing can be inferred.
 */
export function resolveTokenGrid(
  tokens: number,
  input: { readonly height: number; readonly width: number },
  options: TokenGridOptions = {},
): TokenGrid {
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && (!Number.isInteger(value) || value < (name === 'prefix' ? 0 : 1))) {
      throw new TokenGridError(
        tokens,
        `tokens.${name} must be a ${name === 'prefix' ? 'non-negative' : 'positive'} integer, got ${value}.`,
      );
    }
  }
  const { prefix, height, width } = options;
  if (height !== undefined || width !== undefined) {
    const rows = height ?? (width !== undefined ? (tokens - (prefix ?? 0)) / width : Number.NaN);
    const columns = width ?? (tokens - (prefix ?? 0)) / rows;
    const rest = prefix ?? tokens - rows * columns;
    if (
      !Number.isInteger(rows) ||
      !Number.isInteger(columns) ||
      rest < 0 ||
      rest + rows * columns !== tokens
    ) {
      throw new TokenGridError(
        tokens,
        `The layer has ${tokens} tokens, which do not split into ${prefix ?? 'some'} prefix tokens and a ` +
          `${height ?? '?'}x${width ?? '?'} grid. ${hint}`,
      );
    }
    return { prefix: rest, height: rows, width: columns };
  }
  const candidates =
    prefix !== undefined ? [prefix] : Array.from({ length: MAX_INFERRED_PREFIX + 1 }, (_, p) => p);
  for (const p of candidates) {
    const grid = gridOfAspect(tokens - p, input.height, input.width);
    if (grid) return { prefix: p, ...grid };
  }
  throw new TokenGridError(
    tokens,
    `Cannot infer the grid of a layer with ${tokens} tokens for a ${input.height}x${input.width} input: ` +
      `${prefix !== undefined ? `${tokens - prefix} tokens after ${prefix} prefix tokens` : 'no prefix of up to ' + MAX_INFERRED_PREFIX + ' tokens leaves'} ` +
      `a grid of the input's aspect ratio. ${hint}`,
  );
}

/** The `h x w` grid of `count` cells with `h / w === height / width`, if there is one. */
function gridOfAspect(
  count: number,
  height: number,
  width: number,
): { height: number; width: number } | undefined {
  if (count < 1) return undefined;
  const rows = Math.round(Math.sqrt((count * height) / width));
  for (const h of [rows - 1, rows, rows + 1]) {
    if (h < 1 || count % h !== 0) continue;
    const w = count / h;
    if (h * width === w * height) return { height: h, width: w };
  }
  return undefined;
}
