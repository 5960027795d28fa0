import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { images, models } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.js';

const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('gradcam help', () => {
  it.each([
    [['explain', '--help'], 'gradcam explain <inputs...>', '--method'],
    [['help', 'explain'], 'gradcam explain <inputs...>', '--preprocess'],
    [['explain', 'photo.jpg', '--bogus', '-h'], 'gradcam explain <inputs...>', '--colormap'],
    [['layers', '--help'], 'gradcam layers [options]', '--execution-provider'],
    [['help', 'layers'], 'gradcam layers [options]', '--threads'],
    [['demo', '--help'], 'gradcam demo [inputs...]', '--method'],
    [['help', 'demo'], 'gradcam demo [inputs...]', '--out'],
    [['queue', '--help'], 'gradcam queue submit <inputs...>', '--manifest'],
    [['queue', 'submit', '--help'], 'gradcam queue collect --out DIR', '--attempts'],
    [['help', 'queue'], 'gradcam queue status', '--redis'],
    [['worker', '--help'], 'gradcam worker --out DIR', '--exit-when-idle'],
  ])('%j shows the help of the command', (args, usage, option) => {
    const result = runCli(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(usage);
    expect(result.stdout).toContain(option);
    expect(result.stdout).toMatch(/Exit status: 0 success, 1 .*, 2 /);
  });

  it('gives the general help, which lists the commands, for --help, help and no arguments', () => {
    for (const args of [['--help'], ['help'], []]) {
      const result = runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/gradcam explain .*\n.*gradcam layers .*\n.*gradcam demo /);
      expect(result.stdout).toContain('gradcam help <command>');
    }
  });

  it('keeps the options of one command out of the help of another', () => {
    const layers = runCli(['layers', '--help']).stdout;
    expect(layers).not.toContain('--method');
    expect(layers).not.toMatch(/--out\s/);
  });
});

describe('gradcam exit codes', () => {
  const notAModel = join(temporaryFolder(), 'model.onnx');
  writeFileSync(notAModel, 'not onnx at all');
  it.each([
    ['an unknown command', ['explian', images.both], 2, /Unknown command "explian"/],
    ['an unknown option', ['explain', images.both, '--colour', 'red'], 2, /Unknown option '--colour'/],
    [
      'an option of another command',
      ['layers', '--method', 'gradcam'],
      2,
      /does not apply to 'gradcam layers'/,
    ],
    ['a bad value', ['explain', images.both, '--alpha', '2'], 2, /--alpha must be between 0 and 1/],
    ['an unknown method', ['explain', images.both, '--method', 'magic'], 2, /Unknown method "magic"/],
    [
      'a bad --preprocess',
      ['explain', images.both, '--preprocess', 'std=0'],
      2,
      /--preprocess: std must not be 0/,
    ],
    [
      'a bad --threads',
      ['explain', images.both, '--threads', 'many'],
      2,
      /--threads must be a positive integer/,
    ],
    ['an unknown help topic', ['help', 'nope'], 2, /Unknown command "nope"/],
    ['no inputs', ['explain'], 2, /No inputs/],
    [
      'a missing input',
      ['explain', '/no/such/photo.jpg'],
      2,
      /No such file or folder: \/no\/such\/photo\.jpg/,
    ],
    [
      'a missing model file',
      ['explain', images.both, '--model', '/no/model.onnx'],
      2,
      /Cannot read the model file/,
    ],
    ['a missing labels file', ['explain', images.both, '--labels', '/no/labels.txt'], 2, /labels file/],
    ['an unknown layer', ['explain', images.both, '--layer', 'nope'], 2, /Unknown layer "nope"/],
    ['a class out of range', ['explain', images.both, '--class', '5000'], 2, /out of range/],
    ['a label the model lacks', ['explain', images.both, '--class', 'unicorn'], 2, /not a label/],
    [
      'a preprocessing the model cannot take',
      ['explain', images.both, '--model', models.mnist, '--preprocess', 'imagenet'],
      2,
      /--preprocess does not fit this model: The model takes 1 channel/,
    ],
    ['a model that cannot load', ['explain', images.both, '--model', notAModel], 1, /onnx|model/i],
    [
      'a queue command without its subcommand',
      ['queue'],
      2,
      /Missing queue command: use gradcam queue submit/,
    ],
    ['an unknown queue command', ['queue', 'start'], 2, /Unknown queue command "start"/],
    [
      'an explain option given to the worker',
      ['worker', '--method', 'gradcam'],
      2,
      /Option '--method' does not apply to 'gradcam worker'/,
    ],
    [
      'an option of another queue command',
      ['queue', 'submit', images.both, '--out', 'x'],
      2,
      /Option '--out' does not apply to 'gradcam queue submit'/,
    ],
    ['inputs given to the worker', ['worker', images.both], 2, /'gradcam worker' takes no inputs/],
    [
      'a bad --attempts',
      ['queue', 'submit', images.both, '--attempts', '0'],
      2,
      /--attempts must be a positive/,
    ],
    [
      'a --redis that is not an address',
      ['queue', 'status', '--redis', 'localhost'],
      2,
      /--redis takes a redis:\/\//,
    ],
    ['a --queue with a colon', ['queue', 'status', '--queue', 'a:b'], 2, /--queue takes letters/],
  ] as const)('%s: exit $2, one line', (_, args, code, pattern) => {
    const result = runCli(args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(pattern);
    oneLine(result.stderr);
  });

  it('exits 1 when an input fails and 0 when all succeed', () => {
    const folder = temporaryFolder();
    const broken = join(folder, 'broken.png');
    writeFileSync(broken, 'not a png');
    const failed = runCli(['explain', broken, images.both, '--out', temporaryFolder()]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/broken\.png/);
    expect(failed.stdout).toMatch(/1 of 2 inputs explained/);
    expect(runCli(['explain', images.both, '--out', temporaryFolder()]).code).toBe(0);
  });
});

describe('gradcam --threads and --execution-provider', () => {
  const onnx = ['explain', images.both, '--model', models.cifar10, '--preprocess', 'cifar10'];

  it('runs an ONNX model with one thread on the cpu provider', () => {
    const result = runCli([
      ...onnx,
      '--threads',
      '1',
      '--execution-provider',
      'cpu',
      '--out',
      temporaryFolder(),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('rejects an unknown provider with one line naming the available ones (exit 2)', () => {
    const result = runCli([...onnx, '--execution-provider', 'tpu-please', '--out', temporaryFolder()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /Unknown execution provider "tpu-please"\. Available in onnxruntime-node here: cpu/,
    );
    oneLine(result.stderr);
  });

  it('hands the providers to ONNX Runtime: one that cannot start here is one line naming it (exit 1)', () => {
    const result = runCli([...onnx, '--execution-provider', 'cuda', '--out', temporaryFolder()]);
    // Where CUDA is installed, the run simply works.
    if (result.code !== 0) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/--execution-provider cuda failed: .*Cuda/i);
      oneLine(result.stderr);
    }
  });

  it('notes that TensorFlow.js models ignore them', () => {
    const result = runCli(['layers', '--threads', '2']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/note: --threads applies to ONNX models only/);
  });
});
