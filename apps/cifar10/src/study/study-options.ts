import { fileURLToPath } from 'node:url';
import { type CamMethodName, camMethodNames } from '@gradcam/core';
import type { Shard } from './compute-maps.js';
import { StudyError } from './study-error.js';
import type { StudyModelRequest } from './study-model.js';

/** The committed tfjs model, studied when no `--model` is given. */
export const DEFAULT_MODEL = fileURLToPath(new URL('../../model/model.json', import.meta.url));

/** The methods whose maps the study shows by default. */
export const DEFAULT_METHODS: readonly CamMethodName[] = ['gradcam', 'gradcam++', 'scorecam', 'layercam'];

/** The study's command-line options, parsed and checked. */
export interface StudyCliOptions {
  readonly dataDir: string;
  readonly outDir: string;
  readonly models: StudyModelRequest[];
  readonly methods: CamMethodName[];
  readonly metricsSample: number;
  readonly gallery: number;
  readonly confident: number;
  readonly steps: number;
  readonly seed: number;
  /** Images compared across runtimes (0: no agreement check). */
  readonly agreementImages: number;
  /** Intra-op threads of ONNX Runtime. */
  readonly threads: number;
  /** Study only the first N test images of each class (absent: all). */
  readonly perClass?: number;
  /** Compute only this share of the maps (`--shard I/N`). */
  readonly shard?: Shard;
}

type Flags = Record<string, string | boolean>;

/**
 * Reads the `study` command's options: `--data`, `--out`, `--model` (repeatable), `--preprocess` and `--layer`
 * (comma lists, one entry per model, empty for the default), `--methods`, `--metrics-sample`, `--gallery`,
 * `--confident`, `--steps`, `--seed`, `--agreement-images`, `--threads`, `--per-class`, `--shard`.
 *
 * @throws {@link StudyError} for a missing or malformed option.
 */
export function parseStudyOptions(flags: Flags, repeated: Record<string, string[]>): StudyCliOptions {
  const text = (name: string) => {
    const value = flags[name];
    if (value === true) throw new StudyError(`--${name} needs a value`);
    return typeof value === 'string' ? value : undefined;
  };
  const count = (name: string, fallback: number, min = 0) => {
    const value = text(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min)
      throw new StudyError(`--${name} needs an integer >= ${min}, got '${value}'`);
    return number;
  };
  const dataDir = text('data');
  if (dataDir === undefined)
    throw new StudyError('--data DIR is required (a CIFAR-10 folder with test/<class>/*.jpg)');
  const outDir = text('out');
  if (outDir === undefined)
    throw new StudyError('--out DIR is required (where index.html and study.json go)');
  const paths = repeated.model ?? [];
  if (flags.model === true) throw new StudyError('--model needs a path (a tfjs model.json or an .onnx file)');
  const modelPaths = paths.length > 0 ? paths : [DEFAULT_MODEL];
  const perModel = (name: string) => {
    const list = text(name)?.split(',') ?? [];
    if (list.length > modelPaths.length) {
      throw new StudyError(
        `--${name} has ${list.length} entries for ${modelPaths.length} model(s): give one per --model`,
      );
    }
    return list;
  };
  const preprocess = perModel('preprocess');
  const layers = perModel('layer');
  const models = modelPaths.map(
    (path, index): StudyModelRequest => ({
      path,
      ...(preprocess[index] ? { preprocess: preprocess[index] } : {}),
      ...(layers[index] ? { layer: layers[index] } : {}),
    }),
  );
  const methods = (text('methods')?.split(',').filter(Boolean) ?? [...DEFAULT_METHODS]) as CamMethodName[];
  if (methods.length === 0) throw new StudyError('--methods needs at least one method');
  for (const method of methods) {
    if (!(camMethodNames as readonly string[]).includes(method)) {
      throw new StudyError(`unknown method '${method}' in --methods (one of: ${camMethodNames.join(', ')})`);
    }
  }
  return {
    dataDir,
    outDir,
    models,
    methods: [...new Set(methods)],
    metricsSample: count('metrics-sample', 1000),
    gallery: count('gallery', 8),
    confident: count('confident', 8),
    steps: count('steps', 16, 1),
    seed: count('seed', 1),
    agreementImages: count('agreement-images', 200),
    threads: count('threads', 1, 1),
    ...(text('per-class') !== undefined ? { perClass: count('per-class', 0, 1) } : {}),
    ...(text('shard') !== undefined ? { shard: parseShard(text('shard')!) } : {}),
  };
}

function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count)
    throw new StudyError(`--shard needs I/N with 0 <= I < N, got '${value}'`);
  return { index, count };
}
