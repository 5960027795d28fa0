import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CamMethodName, camMethodNames, type TokenGridOptions } from '@gradcam/core';
import {
  type ColormapName,
  colormapNames,
  InvalidArgumentError,
  type PreprocessSpec,
  parsePreprocessSpec,
} from '@gradcam/viz';
import type { ModelOptions } from './open-model.js';
import { parseTokensOption } from './tokens-option.js';
import {
  type CommandName,
  commandNames,
  isCommandName,
  isQueueSubcommand,
  type QueueSubcommand,
  queueSubcommands,
} from './usage.js';
import { UsageError } from './usage-error.js';

/** The parsed command line. */
export interface RunOptions {
  readonly command: CommandName | 'help' | 'version';
  /** For `help`: the command whose help to show (absent: the general help). */
  readonly helpTopic?: CommandName;
  readonly inputs: readonly string[];
  readonly model: ModelOptions;
  readonly layer?: string;
  /** `--tokens`: how a transformer's token layer forms a grid (what is left out is inferred). */
  readonly tokens?: TokenGridOptions;
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
  /** What to explain: class scores, detections or a segmentation mask (`--target`). */
  readonly target: TargetKind;
  /** Detection: keep detections scoring at least this (`--min-score`). */
  readonly minScore: number;
  /** Detection: at most this many per input (`--max-detections`). */
  readonly maxDetections: number;
  /** Detection: the output holding the post-processed detections (`--detections`). */
  readonly detections?: string;
  /** `gradcam queue`'s subcommand. */
  readonly subcommand?: QueueSubcommand;
  /** The queue's Redis (`--redis`). */
  readonly redis: string;
  /** The queue's name (`--queue`). */
  readonly queue: string;
  /** `--manifest` files: one input path or address per line. */
  readonly manifests: readonly string[];
  /** `gradcam queue submit --attempts`: tries per input before its job fails. */
  readonly attempts: number;
  /** `gradcam worker --exit-when-idle`. */
  readonly exitWhenIdle: boolean;
  /** `gradcam worker --stall-timeout`, in seconds: when a silent worker's job goes to another. */
  readonly stallTimeout: number;
  /** The model options given on the command line (a worker's overrides of the queued run's). */
  readonly givenModelOptions: readonly string[];
}

/** The kinds of `--target`. */
export const targetKinds = ['classification', 'detection', 'segmentation'] as const;
/** One of {@link targetKinds}. */
export type TargetKind = (typeof targetKinds)[number];

const optionSpecs = {
  model: { type: 'string' },
  output: { type: 'string' },
  labels: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  'execution-provider': { type: 'string' },
  layer: { type: 'string' },
  tokens: { type: 'string' },
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
  target: { type: 'string' },
  'min-score': { type: 'string' },
  'max-detections': { type: 'string' },
  detections: { type: 'string' },
  redis: { type: 'string' },
  queue: { type: 'string' },
  manifest: { type: 'string', multiple: true },
  attempts: { type: 'string' },
  'exit-when-idle': { type: 'boolean' },
  'stall-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof optionSpecs;

/** The Redis `gradcam queue` and `gradcam worker` use without `--redis`. */
const defaultRedis = 'redis://127.0.0.1:6379';

const modelOptionNames: readonly OptionName[] = [
  'model',
  'output',
  'labels',
  'backend',
  'threads',
  'execution-provider',
];
/** The options of `explain` and `demo`, which explain images the same way. */
const explainOptionNames: readonly OptionName[] = [
  ...modelOptionNames,
  'layer',
  'tokens',
  'method',
  'class',
  'preprocess',
  'colormap',
  'alpha',
  'out',
  'format',
  'npy',
  'json',
  'concurrency',
  'target',
  'min-score',
  'max-detections',
  'detections',
];
/** What to explain and how to draw it: the options a queued run records for its workers. */
const submitOptionNames: readonly OptionName[] = [
  ...modelOptionNames,
  'layer',
  'tokens',
  'target',
  'min-score',
  'max-detections',
  'detections',
  'method',
  'class',
  'preprocess',
  'colormap',
  'alpha',
  'format',
  'npy',
  'redis',
  'queue',
  'manifest',
  'attempts',
];
const commandOptions: Readonly<Record<Exclude<CommandName, 'queue'>, readonly OptionName[]>> = {
  explain: explainOptionNames,
  layers: [...modelOptionNames, 'json'],
  demo: explainOptionNames,
  // The model is the queued run's; what may differ between machines can be set per worker.
  worker: [
    'redis',
    'queue',
    'out',
    'concurrency',
    'exit-when-idle',
    'stall-timeout',
    'backend',
    'threads',
    'execution-provider',
  ],
};
const queueOptions: Readonly<Record<QueueSubcommand, readonly OptionName[]>> = {
  submit: submitOptionNames,
  status: ['redis', 'queue', 'json'],
  collect: ['redis', 'queue', 'out', 'json'],
  clear: ['redis', 'queue'],
};

/**
 * Parses argv (without the node and script paths). `--help` anywhere shows the help of the command it follows.
 *
 * @throws {@link UsageError} for an unknown command or option, an option the command does not take, or a bad
 * value, with one line saying what is wrong.
 */
export function parseRunOptions(argv: readonly string[]): RunOptions {
  const help = helpRequest(argv);
  if (help) return help;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '');
    const command = argv.find(isCommandName);
    throw new UsageError(`${message} (see gradcam ${command ? `${command} ` : ''}--help)`);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  if (values.version) return { ...defaults(), command: 'version' };
  if (first === undefined || first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommandName(topic)) throw unknownCommand(topic);
    return { ...defaults(), command: 'help', ...(topic ? { helpTopic: topic } : {}) };
  }
  if (!isCommandName(first)) throw unknownCommand(first);
  const command = first;
  let subcommand: QueueSubcommand | undefined;
  let inputs = rest;
  if (command === 'queue') {
    const [name, ...queueInputs] = rest;
    if (name === undefined || !isQueueSubcommand(name)) {
      throw new UsageError(
        `${name === undefined ? 'Missing' : `Unknown`} queue command${name === undefined ? '' : ` "${name}"`}: use gradcam queue ${queueSubcommands.join('|')} (see gradcam queue --help).`,
      );
    }
    subcommand = name;
    inputs = queueInputs;
  }
  const allowed = subcommand
    ? queueOptions[subcommand]
    : commandOptions[command as Exclude<CommandName, 'queue'>];
  const commandLine = subcommand ? `queue ${subcommand}` : command;
  for (const name of Object.keys(values) as OptionName[]) {
    if (name !== 'help' && name !== 'version' && !allowed.includes(name)) {
      throw new UsageError(
        `Option '--${name}' does not apply to 'gradcam ${commandLine}' (see gradcam ${command} --help).`,
      );
    }
  }
  if ((command === 'worker' || (subcommand && subcommand !== 'submit')) && inputs.length > 0) {
    throw new UsageError(
      `'gradcam ${commandLine}' takes no inputs, got "${inputs[0]}" (see gradcam ${command} --help).`,
    );
  }
  if (command === 'layers' && rest.length > 0) {
    throw new UsageError(
      `'gradcam layers' takes no inputs, got "${rest[0]}" (the model is --model PATH; see gradcam layers --help).`,
    );
  }
  const methods = (values.method ?? ['gradcam'])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim());
  for (const method of methods) {
    if (!(camMethodNames as readonly string[]).includes(method)) {
      throw new UsageError(`Unknown method "${method}". Methods: ${camMethodNames.join(', ')}.`);
    }
  }
  const colormap = values.colormap ?? 'jet';
  if (!(colormapNames as readonly string[]).includes(colormap)) {
    throw new UsageError(`Unknown colormap "${colormap}". Colormaps: ${colormapNames.join(', ')}.`);
  }
  const alpha = Number(values.alpha ?? 0.5);
  if (!(alpha >= 0 && alpha <= 1))
    throw new UsageError(`--alpha must be between 0 and 1, got "${values.alpha}".`);
  const format = values.format ?? 'png';
  if (format !== 'png' && format !== 'jpg')
    throw new UsageError(`--format must be png or jpg, got "${format}".`);
  const backend = values.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu' && backend !== 'tensorflow') {
    throw new UsageError(`--backend must be wasm, cpu or tensorflow, got "${backend}".`);
  }
  const concurrency =
    values.concurrency === undefined
      ? command === 'worker'
        ? 1
        : Math.min(4, availableParallelism())
      : positiveInteger(values.concurrency, '--concurrency');
  const threads = values.threads === undefined ? undefined : positiveInteger(values.threads, '--threads');
  const attempts = values.attempts === undefined ? 3 : positiveInteger(values.attempts, '--attempts');
  const stallTimeout =
    values['stall-timeout'] === undefined ? 30 : positiveInteger(values['stall-timeout'], '--stall-timeout');
  const queue = values.queue ?? 'gradcam';
  if (!/^[A-Za-z0-9_.-]+$/.test(queue)) {
    throw new UsageError(`--queue takes letters, digits, '_', '-' and '.', got "${queue}".`);
  }
  const redis = values.redis ?? defaultRedis;
  if (!/^rediss?:\/\//.test(redis)) {
    throw new UsageError(`--redis takes a redis:// or rediss:// address, got "${redis}".`);
  }
  const executionProviders = values['execution-provider']
    ?.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (executionProviders?.length === 0) {
    throw new UsageError('--execution-provider needs at least one name, e.g. cpu or cuda,cpu.');
  }
  const target = (values.target ?? 'classification') as TargetKind;
  if (!targetKinds.includes(target)) {
    throw new UsageError(`--target must be ${targetKinds.join(', ')}, got "${values.target}".`);
  }
  const minScore = Number(values['min-score'] ?? 0.3);
  if (!Number.isFinite(minScore))
    throw new UsageError(`--min-score must be a number, got "${values['min-score']}".`);
  const maxDetections =
    values['max-detections'] === undefined
      ? 10
      : positiveInteger(values['max-detections'], '--max-detections');
  if (target !== 'detection') {
    for (const name of ['min-score', 'max-detections', 'detections'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} applies to --target detection only.`);
    }
  }
  return {
    command,
    ...(subcommand ? { subcommand } : {}),
    inputs,
    target,
    minScore,
    maxDetections,
    ...(values.detections ? { detections: values.detections } : {}),
    model: {
      ...(values.model ? { path: resolve(values.model) } : {}),
      ...(values.output ? { output: values.output } : {}),
      ...(values.labels ? { labels: resolve(values.labels) } : {}),
      backend,
      ...(threads ? { threads } : {}),
      ...(executionProviders ? { executionProviders } : {}),
      ...(target !== 'classification' ? { denseOutput: true } : {}),
    },
    ...(values.layer ? { layer: values.layer } : {}),
    ...(values.tokens !== undefined ? { tokens: parseTokensOption(values.tokens) } : {}),
    methods: [...new Set(methods)] as CamMethodName[],
    classes: values.class ?? [],
    ...(values.preprocess ? { preprocess: preprocessOption(values.preprocess) } : {}),
    colormap: colormap as ColormapName,
    alpha,
    outDir: resolve(values.out ?? 'gradcam-out'),
    format,
    npy: values.npy ?? false,
    json: values.json ?? false,
    concurrency,
    redis,
    queue,
    manifests: (values.manifest ?? []).map((path) => resolve(path)),
    attempts,
    exitWhenIdle: values['exit-when-idle'] ?? false,
    stallTimeout,
    givenModelOptions: modelOptionNames.filter((name) => values[name] !== undefined),
  };
}

/** `--help` or `-h` anywhere: the help of the command named before it (checked before anything else). */
function helpRequest(argv: readonly string[]): RunOptions | undefined {
  const at = argv.findIndex((arg) => arg === '--help' || arg === '-h');
  if (at < 0) return undefined;
  const topic = argv.slice(0, at).find(isCommandName);
  return { ...defaults(), command: 'help', ...(topic ? { helpTopic: topic } : {}) };
}

function preprocessOption(text: string): PreprocessSpec {
  try {
    return parsePreprocessSpec(text);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) throw new UsageError(`--preprocess: ${error.message}`);
    throw error;
  }
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new UsageError(`${option} must be a positive integer, got "${text}".`);
  }
  return value;
}

function unknownCommand(name: string): UsageError {
  return new UsageError(
    `Unknown command "${name}". Commands: ${commandNames.join(', ')} (see gradcam --help).`,
  );
}

function defaults(): Omit<RunOptions, 'command'> {
  return {
    inputs: [],
    model: { backend: 'wasm' },
    methods: ['gradcam'],
    classes: [],
    colormap: 'jet',
    alpha: 0.5,
    outDir: resolve('gradcam-out'),
    format: 'png',
    npy: false,
    json: false,
    concurrency: 1,
    target: 'classification',
    minScore: 0.3,
    maxDetections: 10,
    redis: defaultRedis,
    queue: 'gradcam',
    manifests: [],
    attempts: 3,
    exitWhenIdle: false,
    stallTimeout: 30,
    givenModelOptions: [],
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: optionSpecs });
}
