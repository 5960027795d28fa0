#!/usr/bin/env node
import { join } from 'node:path';
import { type BackendChoice, setupBackend } from './backend/setup-backend.js';
import { parseArgs } from './cli/parse-args.js';
import { DataError } from './data/data-error.js';
import { loadDataset } from './data/load-dataset.js';
import { modelOpeners } from './study/model-openers.js';
import { formatSeconds } from './study/phase-progress.js';
import { runStudy } from './study/run-study.js';
import { StudyError } from './study/study-error.js';
import { parseStudyOptions } from './study/study-options.js';
import { benchmarkWidth } from './train/benchmark.js';
import { evaluateSplit } from './train/evaluate-split.js';
import { loadLayersModelFromFile } from './train/model-io.js';
import { type TrainConfig, train } from './train/train.js';

const USAGE = `usage:
  cli.js train --data DIR --out DIR [--epochs N] [--batch-size N] [--width N] [--lr PEAK] [--resume]
               [--cache DIR] [--seed N] [--deadline ISO-TIME] [--log-every N]
               [--backend auto|wasm|cpu|tfjs-node]
  cli.js evaluate --model DIR/model.json --data DIR [--cache DIR]
  cli.js bench [--widths 16,24] [--batch-size 128] [--steps 3]
  cli.js study --data DIR --out DIR [--model PATH]... [--methods LIST] [--metrics-sample N]
               [--preprocess LIST] [--layer LIST] [--gallery N] [--confident N] [--steps N] [--seed N]
               [--agreement-images N] [--threads N] [--per-class N] [--shard I/N] [--backend auto|wasm|cpu]
               [--cache DIR]`;

function num(flags: Record<string, string | boolean>, name: string): number | undefined {
  const v = flags[name];
  if (v == null) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n)) throw new DataError(`--${name} needs a number`);
  return n;
}

function str(flags: Record<string, string | boolean>, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new DataError(`--${name} needs a value`);
  return v === undefined || v === false ? undefined : v;
}

async function study(
  flags: Record<string, string | boolean>,
  repeated: Record<string, string[]>,
): Promise<number> {
  const options = parseStudyOptions(flags, repeated);
  const cacheDir = str(flags, 'cache');
  const report = await runStudy({
    ...options,
    ...(cacheDir ? { imageCacheDir: cacheDir } : {}),
    openers: modelOpeners((str(flags, 'backend') as BackendChoice | undefined) ?? 'auto', options.threads),
    log: (line) => console.error(line),
  });
  if (!report) {
    console.log(
      `shard ${options.shard!.index}/${options.shard!.count} done: its maps are in ${join(options.outDir, '.cache')}`,
    );
    return 0;
  }
  for (const model of report.models) {
    console.log(
      `${model.name} (${model.runtime}): accuracy ${(model.accuracy * 100).toFixed(2)}% on ${model.images} images, ${model.failures.length} failures`,
    );
  }
  if (report.agreement)
    console.log(`agreement: max |map difference| ${report.agreement.maxAbsDiff.toExponential(2)}`);
  console.log(
    `report: ${join(options.outDir, 'index.html')} (${formatSeconds(report.timings.totalSeconds)})`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { command, flags, repeated } = parseArgs(argv);
  if (command === 'help' || flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'study') return study(flags, repeated);
  if (!['train', 'evaluate', 'bench'].includes(command))
    throw new DataError(`unknown command '${command}'\n${USAGE}`);
  const data = str(flags, 'data');
  if (command !== 'bench' && data == null) throw new DataError(`--data DIR is required\n${USAGE}`);
  const cacheDir = str(flags, 'cache');
  const backend = await setupBackend((str(flags, 'backend') as BackendChoice | undefined) ?? 'auto');
  if (command === 'bench') {
    const widths = (str(flags, 'widths') ?? '16,24').split(',').map(Number);
    for (const w of widths) {
      const r = benchmarkWidth(w, num(flags, 'batch-size') ?? 128, num(flags, 'steps') ?? 3);
      console.log(JSON.stringify({ backend, ...r }));
    }
    return 0;
  }
  if (command === 'evaluate') {
    const modelPath = str(flags, 'model');
    if (modelPath == null) throw new DataError('--model DIR/model.json is required');
    const model = await loadLayersModelFromFile(
      modelPath.endsWith('.json') ? modelPath : join(modelPath, 'model.json'),
    );
    const ds = loadDataset(data!, { splits: ['test'], ...(cacheDir ? { cacheDir } : {}) });
    const acc = evaluateSplit(model, ds.test, ds.classes.length);
    const perClass = Object.fromEntries(ds.classes.map((c, i) => [c, acc.perClass[i]]));
    console.log(JSON.stringify({ backend, images: acc.count, accuracy: acc.accuracy, perClass }, null, 2));
    return 0;
  }
  const out = str(flags, 'out');
  if (out == null) throw new DataError('--out DIR is required');
  const config: Partial<TrainConfig> = {};
  const map: Array<[string, keyof TrainConfig]> = [
    ['epochs', 'epochs'],
    ['batch-size', 'batchSize'],
    ['width', 'width'],
    ['lr', 'lr'],
    ['warmup', 'warmup'],
    ['weight-decay', 'weightDecay'],
    ['label-smoothing', 'labelSmoothing'],
    ['seed', 'seed'],
    ['max-train', 'maxTrain'],
  ];
  for (const [flag, key] of map) {
    const v = num(flags, flag);
    if (v != null) config[key] = v;
  }
  const logEvery = num(flags, 'log-every');
  const deadlineFlag = str(flags, 'deadline');
  const deadline = deadlineFlag != null ? new Date(deadlineFlag) : undefined;
  if (deadline != null && Number.isNaN(deadline.getTime()))
    throw new DataError('--deadline needs an ISO date/time');
  await train({
    dataDir: data!,
    outDir: out,
    resume: flags.resume === true,
    config,
    ...(cacheDir ? { cacheDir } : {}),
    ...(logEvery != null ? { logEvery } : {}),
    ...(deadline != null ? { deadline } : {}),
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    // Usage text follows the first line of option errors on purpose; other errors print their first line only.
    console.error(
      `error: ${err instanceof DataError || err instanceof StudyError ? msg : msg.split('\n')[0]}`,
    );
    process.exit(err instanceof DataError || err instanceof StudyError ? 2 : 1);
  },
);
