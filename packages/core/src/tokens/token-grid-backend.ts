import type {
  Backend,
  ForwardRequest,
  ForwardResult,
  GradientRequest,
  GradientResult,
  HeadRequest,
} from '../backend/v1/backend-v1.js';
import {
  isTokenTensor,
  type LayerTensor,
  type SpatialTensor,
  spatialDimensions,
  type TokenTensor,
} from '../tensor.js';
import { resolveTokenGrid, type TokenGrid, type TokenGridOptions } from './token-grid.js';
import { gridToTokens, tokensToGrid } from './tokens-to-grid.js';

/** What the view remembers of a token layer's last activations, to put the prefix tokens back. */
interface Remembered {
  readonly grid: TokenGrid;
  readonly tokens: TokenTensor;
  readonly map: SpatialTensor;
}

const views = new WeakMap<Backend, Map<string, Backend>>();
const memories = new WeakMap<Backend, ReadonlyMap<string, readonly Remembered[]>>();

/** Passes per layer whose prefix tokens the view keeps (calls may overlap: rows are matched across them). */
const REMEMBERED_PASSES = 8;

/**
 * The grid a view made by {@link tokenGridBackend} read the tokens of `layer` as in its last pass there;
 * `undefined` when that layer gave no tokens (or `backend` is not such a view).
 *
 * @param backend - a view from {@link tokenGridBackend}.
 * @param layer - the layer.
 */
export function tokenGridOf(backend: Backend, layer: string): TokenGrid | undefined {
  return memories.get(backend)?.get(layer)?.at(-1)?.grid;
}

/**
 * The backend as core's CAM methods see it when explaining at a token layer: every token tensor it returns
 * (`[N, tokens, C]`, `layout: 'ntc'`) becomes the spatial map of its patch tokens (`[N, h, w, C]`, `'nhwc'`,
 * prefix tokens dropped: {@link tokensToGrid}), with the grid from `options` or inferred from the input's size
 * ({@link resolveTokenGrid}). `headFromActivations` takes such maps back: each row's prefix tokens are those of
 * the sample (of the last pass at that layer) the row was made from, and a channel the row replaced with a
 * constant (Ablation-CAM's ablation) is replaced in the prefix tokens too, as pytorch-grad-cam's
 * `AblationLayerVit` ablates every token. A backend without token layers passes through unchanged.
 *
 * The view of one backend with the same options is one object, so caches keyed by the backend (the Score-CAM
 * cache) keep working across calls.
 *
 * @param backend - the backend.
 * @param options - the grid, or the parts of it that are known.
 */
export function tokenGridBackend(backend: Backend, options: TokenGridOptions = {}): Backend {
  const key = JSON.stringify([options.prefix, options.height, options.width]);
  let byOptions = views.get(backend);
  if (!byOptions) {
    byOptions = new Map();
    views.set(backend, byOptions);
  }
  const existing = byOptions.get(key);
  if (existing) return existing;
  const remembered = new Map<string, Remembered[]>();
  const toMap = (layer: string, tensor: LayerTensor, input: SpatialTensor, keep: boolean): SpatialTensor => {
    if (!isTokenTensor(tensor)) return tensor;
    const { height, width } = spatialDimensions(input.shape, input.layout);
    const grid = resolveTokenGrid(tensor.shape[1], { height, width }, options);
    const map = tokensToGrid(tensor, grid);
    if (keep) {
      const passes = remembered.get(layer) ?? [];
      passes.push({ grid, tokens: tensor, map });
      remembered.set(layer, passes.slice(-REMEMBERED_PASSES));
    }
    return map;
  };
  const view: Backend = {
    specificationVersion: 'v1',
    name: backend.name,
    input: backend.input,
    capabilities: backend.capabilities,
    ...(backend.numClasses !== undefined ? { numClasses: backend.numClasses } : {}),
    ...(backend.notes ? { notes: backend.notes } : {}),
    listLayers: () => backend.listLayers(),
    async forwardWithGradient(request: GradientRequest): Promise<GradientResult> {
      const result = await backend.forwardWithGradient(request);
      if (!isTokenTensor(result.activations)) return result;
      return {
        ...result,
        activations: toMap(request.layer, result.activations, request.input, true),
        gradients: toMap(request.layer, result.gradients, request.input, false),
      };
    },
    ...(backend.forward
      ? {
          async forward(request: ForwardRequest): Promise<ForwardResult> {
            const result = await backend.forward!(request);
            const entries = Object.entries(result.activations);
            if (!entries.some(([, tensor]) => isTokenTensor(tensor))) return result;
            return {
              ...result,
              activations: Object.fromEntries(
                entries.map(([layer, tensor]) => [layer, toMap(layer, tensor, request.input, true)]),
              ),
            };
          },
        }
      : {}),
    ...(backend.headFromActivations
      ? {
          headFromActivations(request: HeadRequest) {
            const known = remembered.get(request.layer);
            if (!known?.length || isTokenTensor(request.activations)) {
              return backend.headFromActivations!(request);
            }
            return backend.headFromActivations!({
              ...request,
              activations: withPrefix(request.activations, known),
            });
          },
        }
      : {}),
    ...(backend.countLiveTensors ? { countLiveTensors: () => backend.countLiveTensors!() } : {}),
  };
  byOptions.set(key, view);
  memories.set(view, remembered);
  return view;
}

/**
 * Maps (rows made from remembered samples, possibly with channels replaced) back to tokens: each row takes the
 * prefix tokens of the remembered sample (of the recent passes at the layer) it differs least from, with the
 * channels it set to one constant everywhere set to that constant in the prefix too.
 */
function withPrefix(map: SpatialTensor, passes: readonly Remembered[]): TokenTensor {
  const { grid } = passes.at(-1)!;
  const dims = spatialDimensions(map.shape, map.layout);
  const channels = dims.channels;
  const area = dims.height * dims.width;
  const sampleSize = area * channels;
  const rows = map.layout === 'nhwc' ? map : toNhwc(map);
  const prefixSize = grid.prefix * channels;
  const prefix = new Float32Array(dims.batch * prefixSize);
  // Every remembered sample of the same grid, newest first.
  const samples = passes
    .filter((pass) => pass.grid.prefix === grid.prefix && pass.map.data.length % sampleSize === 0)
    .reverse()
    .flatMap((pass) =>
      Array.from({ length: pass.map.data.length / sampleSize }, (_, n) => ({
        map: pass.map.data.subarray(n * sampleSize, (n + 1) * sampleSize),
        prefix: pass.tokens.data.subarray(
          n * pass.tokens.shape[1] * channels,
          n * pass.tokens.shape[1] * channels + prefixSize,
        ),
      })),
    );
  for (let row = 0; row < dims.batch; row++) {
    const values = rows.data.subarray(row * sampleSize, (row + 1) * sampleSize);
    let best = samples[0]!;
    let fewest = Number.POSITIVE_INFINITY;
    for (const sample of samples) {
      if (fewest === 0) break;
      let differing = 0;
      for (let index = 0; index < sampleSize && differing < fewest; index++) {
        if (values[index] !== sample.map[index]) differing++;
      }
      if (differing < fewest) {
        fewest = differing;
        best = sample;
      }
    }
    const target = prefix.subarray(row * prefixSize, (row + 1) * prefixSize);
    target.set(best.prefix);
    if (fewest === 0) continue;
    for (let c = 0; c < channels; c++) {
      const first = values[c]!;
      let constant = true;
      let changed = false;
      for (let cell = 0; cell < area && constant; cell++) {
        const value = values[cell * channels + c]!;
        constant = value === first;
        changed ||= value !== best.map[cell * channels + c];
      }
      if (constant && changed) for (let p = 0; p < grid.prefix; p++) target[p * channels + c] = first;
    }
  }
  return gridToTokens(rows, prefix, grid);
}

function toNhwc(map: SpatialTensor): SpatialTensor {
  const { batch, channels, height, width } = spatialDimensions(map.shape, map.layout);
  const area = height * width;
  const data = new Float32Array(map.data.length);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      for (let cell = 0; cell < area; cell++)
        data[(n * area + cell) * channels + c] = map.data[(n * channels + c) * area + cell]!;
    }
  }
  return { data, shape: [batch, height, width, channels], layout: 'nhwc' };
}
