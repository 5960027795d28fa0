import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CamMethodName, camMethodNames } from '@gradcam/core';
import { type ColormapName, colormapNames } from '@gradcam/viz';
import { CliError } from './cli-error.js';
import type { ModelOptions } from './open-model.js';
import { type PreprocessSpec, parsePreprocess } from './preprocess.js';

/** The parsed command line. */
export interface RunOptions {
  readonly command: 'explain' | 'layers' | 'demo' | 'help' | 'version';
  readonly inputs: readonly string[];
  readonly model: ModelOptions;
  readonly layer?: string;
  readonly methods: readonly CamMethodName[];
  /** `--class` values as given (indices or labels), resolved once the model is open. */
  readonly classes: readonly string[];
  readonly preprocess?: PreprocessSpec;
  readonly colormap: ColormapName;
  readonly alpha: number;
  readonly outDir: string;
  readonly format: 'png' | 'jpg';
  readonly npy: boolean;
  readonly json: boolean;
  readonly concurrency: number;
}

/** Parses argv (without the node and script paths). Unknown options and bad values are one-line errors. */
export function parseRunOptions(argv: readonly string[]): RunOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new CliError(`${(error as Error).message.split('\n')[0]} (see gradcam --help)`);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const command = values.help ? 'help' : values.version ? 'version' : (first ?? 'help');
  if (!['explain', 'layers', 'demo', 'help', 'version'].includes(command)) {
    throw new CliError(`Unknown command "${command}". Commands: explain, layers, demo (see gradcam --help).`);
  }
  const methods = (values.method ?? ['gradcam'])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim());
  for (const method of methods) {
    if (!(camMethodNames as readonly string[]).includes(method)) {
      throw new CliError(`Unknown method "${method}". Methods: ${camMethodNames.join(', ')}.`);
    }
  }
  const colormap = values.colormap ?? 'jet';
  if (!(colormapNames as readonly string[]).includes(colormap)) {
    throw new CliError(`Unknown colormap "${colormap}". Colormaps: ${colormapNames.join(', ')}.`);
  }
  const alpha = Number(values.alpha ?? 0.5);
  if (!(alpha >= 0 && alpha <= 1))
    throw new CliError(`--alpha must be between 0 and 1, got "${values.alpha}".`);
  const format = values.format ?? 'png';
  if (format !== 'png' && format !== 'jpg')
    throw new CliError(`--format must be png or jpg, got "${format}".`);
  const backend = values.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu' && backend !== 'tensorflow') {
    throw new CliError(`--backend must be wasm, cpu or tensorflow, got "${backend}".`);
  }
  const concurrency =
    values.concurrency === undefined ? Math.min(4, availableParallelism()) : Number(values.concurrency);
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new CliError(`--concurrency must be a positive integer, got "${values.concurrency}".`);
  }
  return {
    command: command as RunOptions['command'],
    inputs: rest,
    model: {
      ...(values.model ? { path: resolve(values.model) } : {}),
      ...(values.output ? { output: values.output } : {}),
      ...(values.labels ? { labels: resolve(values.labels) } : {}),
      backend,
    },
    ...(values.layer ? { layer: values.layer } : {}),
    methods: methods as CamMethodName[],
    classes: values.class ?? [],
    ...(values.preprocess ? { preprocess: parsePreprocess(values.preprocess) } : {}),
    colormap: colormap as ColormapName,
    alpha,
    outDir: resolve(values.out ?? 'gradcam-out'),
    format,
    npy: values.npy ?? false,
    json: values.json ?? false,
    concurrency,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: 'string' },
      output: { type: 'string' },
      labels: { type: 'string' },
      backend: { type: 'string' },
      layer: { type: 'string' },
      method: { type: 'string', multiple: true },
      class: { type: 'string', multiple: true },
      preprocess: { type: 'string' },
      colormap: { type: 'string' },
      alpha: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      npy: { type: 'boolean' },
      json: { type: 'boolean' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
